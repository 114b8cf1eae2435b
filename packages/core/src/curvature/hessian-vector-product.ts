import * as tf from '@tensorflow/tfjs-core';
import type { RandomKey } from '../random/key.js';
import type { Params } from '../params/params.js';
import type { Objective } from '../params/types.js';
import { valueAndGradsOfParams, valueAndGradsOrZeros } from '../params/gradients.js';

function record(names: readonly string[], xs: readonly tf.Tensor[]): Params {
  const p: Record<string, tf.Tensor> = {};
  names.forEach((n, i) => (p[n] = xs[i]!));
  return p;
}

/** ∇f(params; key) as Params (new tensors, caller owns). */
export function gradientOf(objective: Objective, params: Params, key: RandomKey): Params {
  if (objective.valueAndGrad !== undefined) return tf.tidy(() => objective.valueAndGrad!(params, key).grads);
  return tf.tidy(() => valueAndGradsOfParams((p) => objective.value(p, key), params).grads);
}

/**
 * Hessian–vector product H v = ∇_p ⟨∇_p f(p), v⟩ by reverse-over-reverse differentiation.
 * Exact up to float32 rounding, provided every op's gradient is itself differentiable
 * correctly — which `ensureGradients` arranges for tanh, sigmoid, exp, softmax (tfjs #3252).
 */
export function hessianVectorProduct(objective: Objective, params: Params, v: Params, key: RandomKey): Params {
  const names = Object.keys(params);
  return tf.tidy(() => {
    const directional = (...xs: tf.Tensor[]): tf.Scalar => {
      const { grads } = valueAndGradsOrZeros((...ys) => objective.value(record(names, ys), key), xs);
      return tf.addN(grads.map((g, i) => tf.sum(tf.mul(g, v[names[i]!]!)))) as tf.Scalar;
    };
    return record(names, valueAndGradsOrZeros(directional, names.map((n) => params[n]!)).grads);
  });
}

/**
 * H v ≈ (∇f(p + h v) − ∇f(p − h v)) / 2h, central differences of the gradient with
 * h = step·(1 + ‖p‖)/‖v‖; an independent check of {@link hessianVectorProduct}, and a fallback
 * for objectives whose ops lack second derivatives. Accuracy is limited by float32 (≈1e-3 relative).
 */
export function finiteDifferenceHvp(objective: Objective, params: Params, v: Params, key: RandomKey, step = 1e-3): Params {
  const names = Object.keys(params);
  return tf.tidy(() => {
    const vNorm = Math.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(v[n]!)))).dataSync()[0] ?? 0);
    const pNorm = Math.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(params[n]!)))).dataSync()[0] ?? 0);
    if (vNorm === 0) return record(names, names.map((n) => tf.zerosLike(params[n]!)));
    const h = (step * (1 + pNorm)) / vNorm;
    const shifted = (sign: number): Params => record(names, names.map((n) => tf.add(params[n]!, tf.mul(v[n]!, sign * h))));
    const plus = gradientOf(objective, shifted(1), key);
    const minus = gradientOf(objective, shifted(-1), key);
    return record(names, names.map((n) => tf.div(tf.sub(plus[n]!, minus[n]!), 2 * h)));
  });
}
