import * as tf from '@tensorflow/tfjs-core';
import { foldIn, keyFromSeed, type RandomKey } from '@derand/core';
import type { JlProblem } from '../problem/problem.js';
import { samplePairs } from './sample-pairs.js';

/** Pairs on which a matrix is evaluated when the problem samples pairs: all of them up to this many, else a fixed sample of this size. */
export const EVALUATION_PAIRS = 65_536;

/** Large negative shift that removes an entry from a log-sum-exp or a max. */
export const MASKED_SHIFT = -1e9;

/**
 * The device constants of a problem for a target dimension k: the coordinates C (n × r) and
 * the reciprocal squared lengths that turn squared projected lengths into distortions,
 * divided by k because the embedding is P = B/√k (so that a standard Gaussian B is an
 * unbiased JL map):
 * - norms/vectors: s_i = 1/(k‖c_i‖²);
 * - exact pairs: S_ij = 1/(k‖c_i − c_j‖²) off the diagonal, 0 on it (n × n).
 * Sampled pairs compute their lengths per batch. The holder owns its tensors: call `dispose`.
 */
export interface ProblemTensors {
  readonly problem: JlProblem;
  readonly k: number;
  readonly coords: tf.Tensor2D;
  /** norms/vectors: [n]. */
  readonly normScale?: tf.Tensor1D;
  /** exact pairs: [n, n]. */
  readonly pairScale?: tf.Tensor2D;
  /** exact pairs: [n·n], 1 off the diagonal and 0 on it. */
  readonly offDiagonal?: tf.Tensor1D;
  /** exact pairs: [n·n], 0 off the diagonal and −10⁹ on it (the mask as a log-sum-exp shift, uploaded once). */
  readonly offDiagonalShift?: tf.Tensor1D;
  /** sampled pairs: the fixed evaluation pairs (all pairs, or {@link EVALUATION_PAIRS} drawn once) and 1/(k‖c_i − c_j‖²). */
  readonly evaluation?: { readonly i: tf.Tensor1D; readonly j: tf.Tensor1D; readonly scale: tf.Tensor1D; readonly exact: boolean };
  dispose(): void;
}

/**
 * Uploads a problem's constants for target dimension k. Squared item lengths are computed in
 * float64 on the host for norms; exact pairwise lengths come from the float32 Gram matrix of
 * the (centred) coordinates, ‖c_i − c_j‖² = G_ii + G_jj − 2G_ij.
 *
 * @param problem - from `createProblem`.
 * @param k - target dimension.
 * @param evaluationKey - draws the fixed evaluation pairs when pairs are sampled and there are more than {@link EVALUATION_PAIRS}.
 * @example const tensors = createProblemTensors(problem, 30); … tensors.dispose();
 */
export function createProblemTensors(problem: JlProblem, k: number, evaluationKey: RandomKey = foldIn(keyFromSeed(0), 'evaluation')): ProblemTensors {
  const { n, r } = problem;
  const coords = tf.tensor2d(Float32Array.from(problem.coords), [n, r]);
  const owned: tf.Tensor[] = [coords];
  let normScale: tf.Tensor1D | undefined;
  let pairScale: tf.Tensor2D | undefined;
  let offDiagonal: tf.Tensor1D | undefined;
  let offDiagonalShift: tf.Tensor1D | undefined;
  if (problem.kind !== 'pairwise') {
    const scale = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let q = 0; q < r; q++) s += problem.coords[i * r + q]! ** 2;
      scale[i] = 1 / (k * s);
    }
    normScale = tf.tensor1d(scale);
    owned.push(normScale);
  } else if (problem.pairs?.mode === 'exact') {
    const [scaleTensor, mask, shift] = tf.tidy(() => {
      const gram = tf.matMul(coords, coords, false, true);
      const sq = tf.sum(tf.square(coords), 1);
      const dist = tf.sub(tf.add(tf.expandDims(sq, 1), tf.expandDims(sq, 0)), tf.mul(gram, 2));
      const off = tf.sub(1, tf.eye(n));
      // 1/(k·D) off the diagonal; the diagonal gets D = 1 before inverting, then 0
      const safe = tf.add(tf.mul(dist, off), tf.eye(n));
      const flat = tf.reshape<tf.Rank.R1>(off, [n * n]);
      return [tf.div<tf.Tensor2D>(off, tf.mul(safe, k)), flat, tf.mul<tf.Tensor1D>(tf.sub(1, flat), MASKED_SHIFT)];
    });
    pairScale = scaleTensor;
    offDiagonal = mask;
    offDiagonalShift = shift;
    owned.push(scaleTensor, mask, shift);
  }
  let evaluation: ProblemTensors['evaluation'];
  if (problem.kind === 'pairwise' && problem.pairs?.mode === 'sampled') {
    const exact = problem.pairs.total <= EVALUATION_PAIRS;
    let is: Int32Array;
    let js: Int32Array;
    if (exact) {
      is = new Int32Array(problem.pairs.total);
      js = new Int32Array(problem.pairs.total);
      let t = 0;
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) [is[t], js[t++]] = [a, b];
    } else ({ i: is, j: js } = samplePairs(evaluationKey, n, EVALUATION_PAIRS));
    const scale = new Float32Array(is.length);
    for (let t = 0; t < is.length; t++) {
      let s = 0;
      for (let q = 0; q < r; q++) s += (problem.coords[is[t]! * r + q]! - problem.coords[js[t]! * r + q]!) ** 2;
      scale[t] = 1 / (k * s);
    }
    evaluation = { i: tf.tensor1d(is, 'int32'), j: tf.tensor1d(js, 'int32'), scale: tf.tensor1d(scale), exact };
    owned.push(evaluation.i, evaluation.j, evaluation.scale);
  }
  return {
    problem,
    k,
    coords,
    ...(normScale === undefined ? {} : { normScale }),
    ...(pairScale === undefined ? {} : { pairScale }),
    ...(offDiagonal === undefined ? {} : { offDiagonal }),
    ...(offDiagonalShift === undefined ? {} : { offDiagonalShift }),
    ...(evaluation === undefined ? {} : { evaluation }),
    dispose: () => tf.dispose(owned),
  };
}
