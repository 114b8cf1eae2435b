import * as tf from '@tensorflow/tfjs-core';
import { keyFromSeed } from '@derand/core';
import { maxDistortion, meanDistortion } from '../objective/reducers.js';
import { distortionBatch, gramOperands, projectBatch } from './distortion-batch.js';
import type { ProblemTensors } from './problem-tensors.js';

/**
 * max|δ| and mean|δ| of one deterministic matrix M (k × r, problem coordinates) on the
 * problem's items, in float32 on the device: exact for norms and exact pairs; when the
 * problem samples pairs, on its fixed evaluation pairs (all pairs up to `EVALUATION_PAIRS`, else
 * a fixed sample), by projecting all points once (n·r·k) and gathering pairs in R^k. One host
 * read. Used for the training curve, to keep the best iterate, and to score baselines.
 *
 * @example const { max } = evaluateMatrix(tensors, params.M);
 */
export function evaluateMatrix(tensors: ProblemTensors, m: tf.Tensor2D): { max: number; mean: number } {
  const values = tf.tidy(() => {
    const a = tf.expandDims<tf.Tensor3D>(m, 0);
    const evaluation = tensors.evaluation;
    if (tensors.problem.kind === 'pairwise' && tensors.problem.pairs!.mode === 'exact') {
      // |D∘S − offDiag|: S is 0 on the diagonal, so the diagonal gives |0 − 0| = 0, which changes
      // neither the max (every |δ| ≥ 0) nor the sum; each pair appears twice, as (i, j) and (j, i)
      const n = tensors.problem.n;
      const { left, right } = gramOperands(projectBatch(tensors.coords, a));
      const magnitude = tf.abs(tf.sub(tf.mul(tf.reshape(tf.matMul(left, right), [n * n]), tf.reshape(tensors.pairScale!, [n * n])), tensors.offDiagonal!));
      return tf.stack([tf.max(magnitude), tf.div(tf.sum(magnitude), n * (n - 1))]).dataSync();
    }
    if (evaluation === undefined) {
      const batch = distortionBatch(tensors, a, keyFromSeed(0));
      return tf.concat([maxDistortion(batch), meanDistortion(batch)]).dataSync();
    }
    const p = tf.squeeze(projectBatch(tensors.coords, a), [0]);
    const diff = tf.sub(tf.gather(p, evaluation.i), tf.gather(p, evaluation.j));
    const delta = tf.abs(tf.sub(tf.mul(tf.sum(tf.square(diff), 1), evaluation.scale), 1));
    return tf.stack([tf.max(delta), tf.mean(delta)]).dataSync();
  });
  return { max: values[0] ?? NaN, mean: values[1] ?? NaN };
}
