import * as tf from '@tensorflow/tfjs-core';
import type { RandomKey } from '@derand/core';
import { samplePairs } from './sample-pairs.js';
import type { ProblemTensors } from './problem-tensors.js';

/**
 * Distortions of a batch of S candidate matrices on the items of a problem, as a tensor of
 * shape [S, m]: δ = ‖B c‖²/(k‖c‖²) − 1 for each item c (a point, a vector, or a difference c_i − c_j).
 * `valid` marks the entries that are real items (the Gram form carries the diagonal i = j,
 * which is not); `multiplicity` is how often each item appears (2 in the Gram form: (i, j)
 * and (j, i)); `weight` is items/entries for a sampled batch (so a sum over the batch times
 * `weight` estimates the sum over all items without bias).
 */
export interface DistortionBatch {
  readonly delta: tf.Tensor2D;
  readonly valid?: tf.Tensor1D;
  /** (1 − valid)·(−10⁹), when the problem holds it as a constant: what removes the non-items from a log-sum-exp or a max. */
  readonly shift?: tf.Tensor1D;
  readonly multiplicity: number;
  readonly weight: number;
}

/**
 * Y_s = X·A_sᵀ for every s, as [S, m, k]; one matmul for the whole batch (batched matmuls are slow on wasm).
 *
 * @example const y = projectBatch(coords, a); // [S, m, k]
 */
export function projectBatch(x: tf.Tensor2D, a: tf.Tensor3D): tf.Tensor3D {
  const [s, k, r] = a.shape;
  const m = x.shape[0];
  if (s === 1) return tf.expandDims(tf.matMul(x, tf.reshape<tf.Rank.R2>(a, [k, r]), false, true), 0);
  const y = tf.matMul(x, tf.reshape<tf.Rank.R2>(a, [s * k, r]), false, true);
  return tf.transpose(tf.reshape(y, [m, s, k]), [1, 0, 2]);
}

/**
 * D_s = [P_s, sq_s, 1]·[−2P_s, 1, sq_s]ᵀ ([S, n, n], no gradient of its own): the broadcasts and
 * the −2 ride in the matmul's inner dimension.
 *
 * @example const d = squaredDistanceMatrices(p); // [S, n, n]
 */
export function squaredDistanceMatrices(p: tf.Tensor3D): tf.Tensor3D {
  const { left, right } = gramOperands(p);
  return tf.matMul(left, right);
}

/**
 * The operands of {@link squaredDistanceMatrices}: left = [P_s, sq_s, 1] ([S, n, k + 2]) and
 * right = [−2P_s, 1, sq_s]ᵀ ([S, k + 2, n]), D_s = left_s·right_s. A symmetric W_s times left_s
 * gives W_s P_s and W_s 1 (its last column) in one matmul.
 *
 * @example const { left, right } = gramOperands(p);
 */
export function gramOperands(p: tf.Tensor3D): { left: tf.Tensor3D; right: tf.Tensor3D } {
  const sq = tf.sum<tf.Tensor3D>(tf.square(p), 2, true);
  const one = tf.onesLike(sq);
  return { left: tf.concat([p, sq, one], 2), right: tf.transpose(tf.concat([tf.mul<tf.Tensor3D>(p, -2), one, sq], 2), [0, 2, 1]) };
}

/**
 * Squared distances of every sample's projected points, D_s = sq_s 1ᵀ + 1 sq_sᵀ − 2 P_s P_sᵀ
 * ([S, n, n]), as one batched matmul of inner dimension k + 2, [P_s, sq_s, 1]·[−2P_s, 1, sq_s]ᵀ,
 * so that no pass over [S, n, n] is spent on broadcasts (the wasm backend runs a batched matmul
 * as one XNNPACK matmul per sample; the transpose is explicit because transpose flags would add
 * one inside the kernel). The gradient is written out, for G = ∂L/∂D:
 *
 *   ∂L/∂P_s = 2·diag((G_s + G_sᵀ)1)·P_s − 2·(G_s + G_sᵀ)·P_s,
 *
 * one batched matmul and no reductions over broadcast axes (autodiff of the same forward needs
 * two matmuls, a transposing Sum and two more passes over [S, n, n]). The gradient is rebuilt
 * from the saved input with differentiable ops, so it can be differentiated again (HVPs).
 */
export const pairwiseSquaredDistances = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const p = args[0] as tf.Tensor3D;
  (args[1] as tf.GradSaveFunc)([p]);
  const value = squaredDistanceMatrices(p);
  return {
    value,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor3D;
      const ps = saved[0] as tf.Tensor3D;
      const sym = tf.add<tf.Tensor3D>(g, tf.transpose(g, [0, 2, 1]));
      return tf.mul(tf.sub(tf.mul(tf.expandDims(tf.sum(sym, 2), 2), ps), tf.matMul(sym, ps)), 2);
    },
  };
}) as unknown as (p: tf.Tensor3D) => tf.Tensor3D;

/**
 * Distortions of the candidate matrices A (S × k × r, in the problem's coordinates) on the
 * problem's items. Differentiable in A.
 * - norms/vectors: δ_si = s_i‖A_s c_i‖² − 1;
 * - exact pairs: δ_s,ij = S_ij(‖p_i‖² + ‖p_j‖² − 2⟨p_i, p_j⟩) − 1 with p = A_s c, from Gram matrices;
 * - sampled pairs: the batch drawn from `key` (uniform pairs), δ = ‖A_s(c_i − c_j)‖²/(k‖c_i − c_j‖²) − 1.
 *
 * @param tensors - the problem's device constants.
 * @param a - candidate matrices [S, k, r].
 * @param key - draws the pair batch in sampled mode (ignored otherwise).
 * @example const { delta } = distortionBatch(tensors, tf.expandDims(M, 0), key);
 */
export function distortionBatch(tensors: ProblemTensors, a: tf.Tensor3D, key: RandomKey): DistortionBatch {
  const { problem, coords } = tensors;
  const s = a.shape[0];
  if (problem.kind === 'pairwise' && problem.pairs!.mode === 'exact') {
    const n = problem.n;
    const p = projectBatch(coords, a);
    const dist = pairwiseSquaredDistances(p);
    const delta = tf.reshape<tf.Rank.R2>(tf.sub(tf.mul(dist, tensors.pairScale!), 1), [s, n * n]);
    return { delta, valid: tensors.offDiagonal!, ...(tensors.offDiagonalShift === undefined ? {} : { shift: tensors.offDiagonalShift }), multiplicity: 2, weight: 1 };
  }
  const items = itemVectors(tensors, key);
  const y = projectBatch(items.vectors, a);
  return { delta: tf.sub<tf.Tensor2D>(tf.mul(tf.sum(tf.square(y), 2), items.scale), 1), multiplicity: 1, weight: items.weight };
}

/** The items of a problem as vectors: δ_i = scale_i·‖A v_i‖² − 1, and the weight of the batch. */
export interface ItemVectors {
  /** [m, r]: the points (norms, vectors) or this evaluation's pair differences (sampled pairs). */
  readonly vectors: tf.Tensor2D;
  /** [m]: 1/(k‖v_i‖²). */
  readonly scale: tf.Tensor1D;
  /** items/m: what a sum over the batch is multiplied by to estimate the sum over all items. */
  readonly weight: number;
}

/**
 * The items of a norms, vectors or sampled-pairs problem as vectors (exact pairs use Gram
 * matrices instead): the coordinates with their scales, or the pair batch drawn from `key`.
 *
 * @example const { vectors, scale } = itemVectors(tensors, key);
 */
export function itemVectors(tensors: ProblemTensors, key: RandomKey): ItemVectors {
  const { problem, coords, k } = tensors;
  if (problem.kind !== 'pairwise') return { vectors: coords, scale: tensors.normScale!, weight: 1 };
  const pairs = problem.pairs!;
  if (pairs.mode !== 'sampled') throw new Error('itemVectors: exact pairs are evaluated from Gram matrices.');
  const { i, j } = samplePairs(key, problem.n, pairs.batch);
  const vectors = tf.sub<tf.Tensor2D>(tf.gather(coords, tf.tensor1d(i, 'int32')), tf.gather(coords, tf.tensor1d(j, 'int32')));
  return { vectors, scale: tf.div(1, tf.mul(tf.sum(tf.square(vectors), 1), k)), weight: pairs.total / pairs.batch };
}
