import * as tf from '@tensorflow/tfjs-core';
import { relativeError } from './relative-error.js';
import { hessianVectorProduct } from '../curvature/hessian-vector-product.js';
import { keyFromSeed } from '../random/key.js';
import { sampleNormal } from '../random/sample.js';
import type { Objective } from '../params/types.js';

/**
 * A small network through tanh, sigmoid, softplus and exp, written twice: with tfjs ops (float32,
 * differentiated twice by autodiff) and in plain float64 JavaScript (the independent reference):
 *   h1 = tanh(X W1 + b1), h2 = sigmoid(h1 W2), h3 = softplus(h2 W3), out = exp(0.3·h3 w4),
 *   f = mean((out − y)²).
 * Sizes: X 8×5, W1 5×6, b1 6, W2 6×4, W3 4×3, w4 3 → 75 parameters.
 */
const SHAPES = { W1: [5, 6], b1: [6], W2: [6, 4], W3: [4, 3], w4: [3, 1] } as const;
type Name = keyof typeof SHAPES;
const NAMES = Object.keys(SHAPES) as Name[];
const SIZES = NAMES.map((n) => SHAPES[n].reduce((a: number, b: number) => a * b, 1));
export const HVP_CHECK_PARAMETERS = SIZES.reduce((a, b) => a + b, 0);

const data = (() => {
  const x = sampleNormal(keyFromSeed(101), 8 * 5);
  const y = sampleNormal(keyFromSeed(102), 8, 1, 0.3);
  return { x: Float64Array.from(x, Math.fround), y: Float64Array.from(y, Math.fround) };
})();

const softplus = (v: number): number => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)));
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** f in float64 from a flat parameter vector (NAMES order, row-major). */
export function referenceValue(flat: Float64Array): number {
  const at = (name: Name, i: number, j = 0): number => {
    const offset = SIZES.slice(0, NAMES.indexOf(name)).reduce((a, b) => a + b, 0);
    const cols = SHAPES[name].length === 2 ? SHAPES[name][1] : 1;
    return flat[offset + i * cols + j]!;
  };
  let loss = 0;
  for (let r = 0; r < 8; r++) {
    const h1 = Array.from({ length: 6 }, (_, j) => {
      let s = at('b1', j);
      for (let i = 0; i < 5; i++) s += data.x[r * 5 + i]! * at('W1', i, j);
      return Math.tanh(s);
    });
    const h2 = Array.from({ length: 4 }, (_, j) => sigmoid(h1.reduce((s, v, i) => s + v * at('W2', i, j), 0)));
    const h3 = Array.from({ length: 3 }, (_, j) => softplus(h2.reduce((s, v, i) => s + v * at('W3', i, j), 0)));
    const out = Math.exp(0.3 * h3.reduce((s, v, i) => s + v * at('w4', i), 0));
    loss += (out - data.y[r]!) ** 2;
  }
  return loss / 8;
}

/** The same f as a tfjs {@link Objective} over groups W1, b1, W2, W3, w4. */
export function hvpCheckObjective(flat: Float64Array): Objective {
  const init: Record<string, tf.Tensor> = {};
  let offset = 0;
  NAMES.forEach((n, k) => {
    init[n] = tf.keep(tf.tensor(Float32Array.from(flat.subarray(offset, offset + SIZES[k]!)), [...SHAPES[n]]));
    offset += SIZES[k]!;
  });
  const x = tf.keep(tf.tensor2d(Float32Array.from(data.x), [8, 5]));
  const y = tf.keep(tf.tensor2d(Float32Array.from(data.y), [8, 1]));
  return {
    init,
    value: (p) =>
      tf.tidy(() => {
        const h1 = tf.tanh(tf.add(tf.matMul(x, p['W1']!), p['b1']!));
        const h2 = tf.sigmoid(tf.matMul(h1, p['W2']!));
        const h3 = tf.softplus(tf.matMul(h2, p['W3']!));
        const out = tf.exp(tf.mul(0.3, tf.matMul(h3, p['w4']!)));
        return tf.mean(tf.square(tf.sub(out, y)));
      }),
    dispose: () => tf.dispose([...Object.values(init), x, y]),
  };
}

/** A random parameter point and direction for the check (float32-representable). */
export function hvpCheckPoint(seed = 7): { params: Float64Array; direction: Float64Array } {
  return {
    params: Float64Array.from(sampleNormal(keyFromSeed(seed), HVP_CHECK_PARAMETERS, 0, 0.7), Math.fround),
    direction: Float64Array.from(sampleNormal(keyFromSeed(seed + 1), HVP_CHECK_PARAMETERS), Math.fround),
  };
}

/**
 * H v by float64 mixed central differences of f: for each i,
 * (f(p + h eᵢ + h v) − f(p + h eᵢ − h v) − f(p − h eᵢ + h v) + f(p − h eᵢ − h v)) / 4h².
 */
export function referenceHvp(params: Float64Array, direction: Float64Array, h = 1e-4): Float64Array {
  const out = new Float64Array(params.length);
  const shifted = (i: number, si: number, sv: number): Float64Array => {
    const p = Float64Array.from(params, (v, k) => v + sv * h * direction[k]!);
    p[i]! += si * h;
    return p;
  };
  for (let i = 0; i < params.length; i++) {
    out[i] =
      (referenceValue(shifted(i, 1, 1)) - referenceValue(shifted(i, 1, -1)) - referenceValue(shifted(i, -1, 1)) + referenceValue(shifted(i, -1, -1))) /
      (4 * h * h);
  }
  return out;
}

/** Relative error ‖Hv_tfjs − Hv_ref‖/‖Hv_ref‖ of autodiff HVPs on the active backend. */
export function hvpRelativeError(seed = 7): number {
  const { params, direction } = hvpCheckPoint(seed);
  const objective = hvpCheckObjective(params);
  const v: Record<string, tf.Tensor> = {};
  let offset = 0;
  NAMES.forEach((n, k) => {
    v[n] = tf.tensor(Float32Array.from(direction.subarray(offset, offset + SIZES[k]!)), [...SHAPES[n]]);
    offset += SIZES[k]!;
  });
  const hv = hessianVectorProduct(objective, objective.init, v, keyFromSeed(0));
  const got = Float64Array.from(NAMES.flatMap((n) => Array.from(hv[n]!.dataSync())));
  tf.dispose([...Object.values(v), ...Object.values(hv)]);
  objective.dispose?.();
  return relativeError(got, referenceHvp(params, direction));
}
