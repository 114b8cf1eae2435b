import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../params/params.js';

/**
 * value + λ Σ_g c_g ‖θ_g‖²_F over the penalised groups (c_g = 1 unless given: d for a σ·I
 * parameterisation, whose ‖σI_d‖²_F = d·σ²): the regulariser of the lemma's objective, written
 * once for every objective that carries it. Inside `tf.tidy`.
 *
 * @example const f = addPenalty(risk, params, ['W'], 1e-5);
 */
export function addPenalty(value: tf.Scalar, params: Params, groups: readonly string[], lambda: number, weights: Readonly<Record<string, number>> = {}): tf.Scalar {
  let total = value;
  if (lambda === 0) return total;
  for (const g of groups) {
    total = tf.add(total, tf.mul(tf.sum(tf.square(params[g]!)), lambda * (weights[g] ?? 1)));
  }
  return total;
}

/**
 * The gradients with the regulariser's 2λ c_g θ_g added to the penalised groups (the others
 * unchanged): what a fused first-order pass of an objective without its penalty needs. Inside `tf.tidy`.
 *
 * @example const grads = addPenaltyGradient(lossGrads, params, ['W'], 1e-5);
 */
export function addPenaltyGradient(grads: Params, params: Params, groups: readonly string[], lambda: number, weights: Readonly<Record<string, number>> = {}): Params {
  if (lambda === 0) return grads;
  const out: Record<string, tf.Tensor> = { ...grads };
  for (const g of groups) out[g] = tf.add(grads[g]!, tf.mul(params[g]!, 2 * lambda * (weights[g] ?? 1)));
  return out;
}
