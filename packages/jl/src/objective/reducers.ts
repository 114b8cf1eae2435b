import * as tf from '@tensorflow/tfjs-core';
import type { DistortionBatch } from '../distortion/distortion-batch.js';
import { MASKED_SHIFT } from '../distortion/problem-tensors.js';


/**
 * log Σ_j e^{x_ij} over the last axis of a 2-D tensor, with the gradient written as
 * softmax(x). The value is read off the softmax, log Σ_j e^{x_ij} = max_j x_ij − log max_j
 * softmax(x)_ij, because the wasm Softmax kernel is several times faster than Exp + Sum; and
 * tfjs's own `logSumExp` differentiates through its `max` shift (an `Equal` mask over every
 * entry, slow on wasm and mathematically zero). The gradient is rebuilt from the saved input,
 * so it can be differentiated again (Hessian–vector products).
 */
const logSumExpRows = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor2D;
  (args[1] as tf.GradSaveFunc)([x]);
  const value = tf.sub(tf.max(x, 1), tf.log(tf.max(tf.softmax(x), 1)));
  return { value, gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => tf.mul(tf.expandDims(dy as tf.Tensor, 1), tf.softmax(saved[0]!)) };
}) as unknown as (x: tf.Tensor2D) => tf.Tensor1D;

/**
 * The logistic function σ(x) = 1/(1 + e^{−x}) with the gradient σ(x)·σ(−x). tfjs computes
 * σ(1 − σ), which in float32 loses all relative precision once σ rounds to 1 (x ≳ 17) and
 * much of it before; the violation loss lives in that tail at the start of a run.
 */
const logistic = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  (args[1] as tf.GradSaveFunc)([x]);
  return { value: tf.sigmoid(x), gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => tf.mul(dy as tf.Tensor, tf.mul(tf.sigmoid(saved[0]!), tf.sigmoid(tf.neg(saved[0]!)))) };
}) as unknown as (x: tf.Tensor1D) => tf.Tensor1D;

/** log(e^a + e^b) elementwise, stable. */
function logAddExp(a: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor1D {
  const top = tf.maximum(a, b);
  return tf.add<tf.Tensor1D>(top, tf.log(tf.add(tf.exp(tf.sub(a, top)), tf.exp(tf.sub(b, top)))));
}

/**
 * Smooth maximum of |δ| per sample, the log-sum-exp of ±δ at temperature τ:
 *
 *   smax_τ(δ) = τ·log Σ_items (e^{δ/τ} + e^{−δ/τ}),   max|δ| ≤ smax_τ ≤ max|δ| + τ·log(2m).
 *
 * It is smooth (its gradient weights items by tanh-like soft attention on the worst ones) and
 * tends to max|δ| as τ → 0. With sampled items the sum inside the log is estimated without
 * bias (each entry weighted by `weight`); the log of the estimate is consistent, not unbiased.
 *
 * @param batch - distortions [S, m].
 * @param temperature - τ > 0.
 * @returns [S].
 * @example const g = smoothMaxDistortion(distortionBatch(tensors, a, key), 0.05); // [S]
 */
export function smoothMaxDistortion(batch: DistortionBatch, temperature: number): tf.Tensor1D {
  const z = tf.div(batch.delta, temperature);
  const shift = batch.shift ?? (batch.valid === undefined ? undefined : tf.mul(tf.sub(1, batch.valid), MASKED_SHIFT));
  const plus = shift === undefined ? z : tf.add(z, shift);
  const minus = shift === undefined ? tf.neg(z) : tf.add(tf.neg(z), shift);
  const lse = logAddExp(logSumExpRows(plus as tf.Tensor2D), logSumExpRows(minus as tf.Tensor2D));
  return tf.mul<tf.Tensor1D>(tf.add(lse, Math.log(batch.weight / batch.multiplicity)), temperature);
}

/**
 * max|δ| per sample (entries outside `valid` ignored), [S]. Not smooth: for evaluation and the authors' objective.
 *
 * @example const worst = maxDistortion(batch); // [S]
 */
export function maxDistortion(batch: DistortionBatch): tf.Tensor1D {
  const magnitude = tf.abs(batch.delta);
  const shifted = batch.valid === undefined ? magnitude : tf.add(magnitude, tf.mul(tf.sub(1, batch.valid), -2));
  return tf.max<tf.Tensor1D>(shifted, 1);
}

/**
 * Mean |δ| per sample over the real items, [S].
 *
 * @example const average = meanDistortion(batch); // [S]
 */
export function meanDistortion(batch: DistortionBatch): tf.Tensor1D {
  const magnitude = tf.abs(batch.delta);
  if (batch.valid === undefined) return tf.mean<tf.Tensor1D>(magnitude, 1);
  return tf.div<tf.Tensor1D>(tf.sum(tf.mul(magnitude, batch.valid), 1), tf.sum(batch.valid));
}

/**
 * Smoothed indicator that the worst distortion exceeds ε (the paper's JL objective
 * E_z[1̃{max_i h(A; x_i) > ε}]), per sample:
 *
 *   v = σ((smax_τ(δ) − ε)/w),   σ the logistic function, w the width of the step.
 *
 * @param batch - distortions [S, m].
 * @param temperature - τ of the inner smooth max.
 * @param epsilon - the distortion threshold ε.
 * @param width - w > 0 (default ε/4 at the call site).
 * @returns [S] in (0, 1).
 * @example const v = violationProbability(batch, 0.05, 0.2, 0.05); // [S]
 */
export function violationProbability(batch: DistortionBatch, temperature: number, epsilon: number, width: number): tf.Tensor1D {
  return logistic(tf.div<tf.Tensor1D>(tf.sub(smoothMaxDistortion(batch, temperature), epsilon), width));
}
