import * as tf from '@tensorflow/tfjs-core';
import { foldIn, type DerandomizedObjectiveOptions, type Params, type RandomKey } from '@derand/core';
import { gramOperands, itemVectors, projectBatch, type ItemVectors } from '../distortion/distortion-batch.js';
import type { ProblemTensors } from '../distortion/problem-tensors.js';
import type { JlLoss } from './losses.js';
import { distortionSmoothMax } from './smooth-max-weights.js';

/** A loss of the smooth max, per sample: its values and its slope d loss/d smax ([S] each). */
export type SmoothMaxOuter = (smax: tf.Tensor1D) => { readonly value: tf.Tensor1D; readonly slope: tf.Tensor1D };

/**
 * A JL loss that is a function of the smooth max of the distortions, g(A) = φ(smax_τ(δ(A))),
 * with its gradient written out, as the core's `gValueAndGrad` (one row y = vec A per sample):
 *
 * - exact pairs: P_s = C·A_sᵀ, D_s from one batched matmul, the smooth max and its weights
 *   W_s = ∂smax/∂D_s (as rowScale_s times unnormalised weights) in one pass
 *   ({@link distortionSmoothMax}), then ∂g/∂P_s = 4φ'·(diag(W_s 1)P_s − W_s P_s), W_s P_s and W_s 1
 *   from one more batched matmul with the Gram form's left operand (W_s is symmetric), and
 *   ∂g/∂A_s = (∂g/∂P_s)ᵀC for all samples in one matmul;
 * - norms, vectors, sampled pairs: Y_s = V·A_sᵀ for the item vectors V, then ∂g/∂Y_s = 2φ'·w∘Y_s.
 *
 * It computes the same function as `loss.perSample(distortionBatch(…))`, whose tape the
 * second-order work keeps differentiating. `temperature` is read at every call.
 *
 * @example const gValueAndGrad = fusedDistortionLoss(tensors, (s) => ({ value: s, slope: tf.onesLike(s) }), holder);
 */
export function fusedDistortionLoss(tensors: ProblemTensors, outer: SmoothMaxOuter, temperature: { readonly value: number }): (y: tf.Tensor2D, theta: Params, key: RandomKey) => { values: tf.Tensor1D; dy: tf.Tensor2D } {
  const { problem, k } = tensors;
  const r = problem.r;
  const head = projectedHead(tensors, outer, temperature);
  /** ∂g/∂A_s = Gᵀ_s V for every s at once: G [S, m, k] → [m, S·k], then one matmul with V [m, r]. */
  const backToA = (g: tf.Tensor3D, vectors: tf.Tensor2D): tf.Tensor2D => {
    const [s, m] = g.shape;
    const stacked = s === 1 ? tf.reshape<tf.Rank.R2>(g, [m, k]) : tf.reshape<tf.Rank.R2>(tf.transpose(g, [1, 0, 2]), [m, s * k]);
    return tf.reshape(tf.matMul(stacked, vectors, true, false), [s, k * r]);
  };
  return (y, _theta, key) =>
    tf.tidy(() => {
      const s = y.shape[0];
      const items = itemsOf(tensors, key);
      const { values, gp } = head(projectBatch(items.vectors, tf.reshape<tf.Rank.R3>(y, [s, k, r])), items);
      return { values, dy: backToA(gp, items.vectors) };
    });
}

/**
 * The core's `gPass` for the isotropic sampler A_s = M + σZ_s (y_s = σz_s + b, b = vec M): the
 * projections are taken apart, P_s = V·Mᵀ + σ·V·Z_sᵀ (one matmul more, for V·Mᵀ), so that the
 * gradients need one matmul instead of S:
 *
 *   ∂/∂b = vec((Σ_s w_s G_s)ᵀ V),   ∂/∂σ = Σ_s w_s ⟨G_s, V·Z_sᵀ⟩,   G_s = ∂g/∂P_s,
 *
 * with the same head as {@link fusedDistortionLoss} (same values, same G_s). Where the head's
 * samples are split over two threads, the worker first computes its samples' V·Z_sᵀ while this
 * thread computes V·Mᵀ and its own (decision record 0810).
 *
 * @example const gPass = fusedIsotropicPass(tensors, outer, holder);
 */
export function fusedIsotropicPass(tensors: ProblemTensors, outer: SmoothMaxOuter, temperature: { readonly value: number }): NonNullable<DerandomizedObjectiveOptions['gPass']> {
  const { problem, k } = tensors;
  const r = problem.r;
  const head = projectedHead(tensors, outer, temperature);
  return ({ W, b, z, weights }, key) =>
    tf.tidy(() => {
      const s = z.shape[0];
      const items = itemsOf(tensors, key);
      const V = items.vectors;
      // the worker thread's share of the noise projections starts first, then this thread computes the mean and its own share
      const away = items.items === undefined ? splitAway(s, problem.n, THREAD_MATMUL_START) : 0;
      const token = away === 0 ? undefined : tf.engine().runKernel<tf.Tensor>(THREAD_MATMUL_START, { a: V, b: tf.transpose(tf.reshape(tf.slice(z, [s - away, 0], [away, k * r]), [away * k, r])) });
      const mean = tf.matMul(V, tf.reshape<tf.Rank.R2>(b, [k, r]), false, true);
      const noise = token === undefined ? projectBatch(V, tf.reshape<tf.Rank.R3>(z, [s, k, r])) : joinedProjection(V, z, token, s - away, away, k, r);
      const { values, gp } = head(tf.add(mean, tf.mul(noise, W!)), items);
      const weighted = tf.mul<tf.Tensor3D>(gp, tf.reshape(weights, [s, 1, 1]));
      const gradB = tf.reshape<tf.Rank.R1>(tf.matMul(tf.sum<tf.Tensor2D>(weighted, 0), V, true, false), [k * r]);
      return { values, grads: { b: gradB, W: tf.sum(tf.mul(weighted, noise)) } };
    });
}

/**
 * Y_s = V·Z_sᵀ for all samples ([S, m, k], as {@link projectBatch}) with the last `away` samples'
 * columns from the worker's matmul of `token` and the first `kept` from this thread: each column
 * is its own sum in the same order (XNNPACK's), so the result is `projectBatch`'s bit for bit.
 */
function joinedProjection(V: tf.Tensor2D, z: tf.Tensor2D, token: tf.Tensor, kept: number, away: number, k: number, r: number): tf.Tensor3D {
  const m = V.shape[0];
  const own = tf.matMul(V, tf.reshape<tf.Rank.R2>(tf.slice(z, [0, 0], [kept, k * r]), [kept * k, r]), false, true);
  const theirs = tf.engine().runKernel<tf.Tensor2D>(THREAD_MATMUL_JOIN, { token });
  return tf.transpose(tf.reshape(tf.concat([own, theirs], 1), [m, kept + away, k]), [1, 0, 2]);
}

/** The item vectors V of an evaluation: the coordinates (norms, exact pairs) or the pair differences drawn from the key. */
function itemsOf(tensors: ProblemTensors, key: RandomKey): { vectors: tf.Tensor2D; items?: ItemVectors } {
  const { problem, coords } = tensors;
  if (problem.kind === 'pairwise' && problem.pairs!.mode === 'exact') return { vectors: coords };
  const items = itemVectors(tensors, foldIn(key, 'pairs'));
  return { vectors: items.vectors, items };
}

/**
 * The loss and G_s = ∂g/∂P_s of the projected items P_s [S, m, k] (see {@link fusedDistortionLoss}):
 * exact pairs through the Gram form, the other items from their squared lengths.
 */
function projectedHead(tensors: ProblemTensors, outer: SmoothMaxOuter, temperature: { readonly value: number }): (p: tf.Tensor3D, of: { items?: ItemVectors }) => { values: tf.Tensor1D; gp: tf.Tensor3D } {
  const { problem, k } = tensors;
  return (p, { items }) => {
    const s = p.shape[0];
    const tau = temperature.value;
    if (items === undefined) {
      const n = problem.n;
      const { left, right } = gramOperands(p);
      const scale = tf.reshape<tf.Rank.R1>(tensors.pairScale!, [n * n]);
      const { smax, rowScale, product } = exactPairsHead(left, right, scale, tau, Math.log(1 / 2));
      const { value, slope } = outer(smax);
      const wp = tf.slice(product, [0, 0, 0], [s, n, k]);
      // the last column, W_s 1, by a matmul with a unit vector (a strided Slice costs more on wasm)
      const unit = new Float32Array(k + 2);
      unit[k + 1] = 1;
      const last = tf.tensor2d(unit, [1, k + 2]);
      const rowSums = tf.reshape(tf.matMul(tf.reshape<tf.Rank.R2>(product, [s * n, k + 2]), last, false, true), [s, n, 1]);
      return { values: value, gp: tf.mul<tf.Tensor3D>(tf.sub(tf.mul(rowSums, p), wp), tf.reshape(tf.mul(tf.mul(slope, rowScale), 4), [s, 1, 1])) };
    }
    const { smax, weights, rowScale } = distortionSmoothMax(tf.sum(tf.square(p), 2), items.scale, tau, Math.log(items.weight));
    const { value, slope } = outer(smax);
    return { values: value, gp: tf.mul<tf.Tensor3D>(p, tf.expandDims(tf.mul(weights, tf.reshape(tf.mul(tf.mul(slope, rowScale), 2), [s, 1])), 2)) };
  };
}

/** The kernel names of `@derand/backend-wasm`'s pair head on a second thread (see {@link exactPairsHead}). */
export const PAIR_HEAD_START = 'DerandPairHeadStart';
export const PAIR_HEAD_JOIN = 'DerandPairHeadJoin';

/** The wasm backend's matmul on the pair-head worker (see {@link fusedIsotropicPass}). */
export const THREAD_MATMUL_START = 'DerandThreadMatMulStart';
export const THREAD_MATMUL_JOIN = 'DerandThreadMatMulJoin';

/** Samples below which the head stays on one thread: S·n² entries per step (the hand-off costs a copy of the operands). */
const PAIR_HEAD_SPLIT_ENTRIES = 1 << 20;

/**
 * How many of S samples (the last ⌊S/2⌋) go to the worker thread: 0 unless S·n² ≥ 2²⁰ and the
 * backend has both the pair head and `kernel` (the two run on one worker, so both or neither).
 */
function splitAway(s: number, n: number, kernel: string): number {
  const away = Math.floor(s / 2);
  if (away === 0 || s * n * n < PAIR_HEAD_SPLIT_ENTRIES) return 0;
  const backend = tf.getBackend();
  return tf.getKernel(PAIR_HEAD_START, backend) !== undefined && tf.getKernel(kernel, backend) !== undefined ? away : 0;
}

/**
 * For exact pairs in the Gram form (left_s = [P_s, sq_s, 1], right_s its partner): the smooth
 * max of D_s = left_s·right_s, its row scale, and W_s·left_s = [W_s P_s, W_s sq_s, W_s 1] (the row
 * sums come with the product). Where the backend registers the pair-head kernels (wasm in Node,
 * two cores), the last ⌊S/2⌋ samples run on a worker thread while this thread computes the
 * others; the same sums in the same order, so the results do not depend on the split.
 */
function exactPairsHead(left: tf.Tensor3D, right: tf.Tensor3D, scale: tf.Tensor1D, tau: number, offset: number): { smax: tf.Tensor1D; rowScale: tf.Tensor1D; product: tf.Tensor3D } {
  const [s, n, q] = left.shape;
  const own = (l: tf.Tensor3D, r: tf.Tensor3D): { smax: tf.Tensor1D; rowScale: tf.Tensor1D; product: tf.Tensor3D } => {
    const count = l.shape[0];
    const { smax, weights, rowScale } = distortionSmoothMax(tf.reshape<tf.Rank.R2>(tf.matMul(l, r), [count, n * n]), scale, tau, offset);
    return { smax, rowScale, product: tf.matMul(tf.reshape<tf.Rank.R3>(weights, [count, n, n]), l) };
  };
  const away = splitAway(s, n, PAIR_HEAD_START);
  if (away === 0) return own(left, right);
  const kept = s - away;
  const token = tf.engine().runKernel<tf.Tensor>(PAIR_HEAD_START, { left: tf.slice(left, [kept, 0, 0], [away, n, q]), right: tf.slice(right, [kept, 0, 0], [away, q, n]), scale }, { temperature: tau, offset });
  const here = own(tf.slice(left, [0, 0, 0], [kept, n, q]), tf.slice(right, [0, 0, 0], [kept, q, n]));
  const [smax, rowScale, product] = tf.engine().runKernel(PAIR_HEAD_JOIN, { token }) as unknown as [tf.Tensor1D, tf.Tensor1D, tf.Tensor3D];
  return { smax: tf.concat([here.smax, smax]), rowScale: tf.concat([here.rowScale, rowScale]), product: tf.concat([here.product, product]) };
}

/** The fused pass of a loss, when it is a function of the smooth max (`ofSmoothMax`), else undefined. */
export function fusedLossOf(tensors: ProblemTensors, loss: JlLoss, temperature: { readonly value: number }): ReturnType<typeof fusedDistortionLoss> | undefined {
  return loss.ofSmoothMax === undefined || loss.reduce === 'max' ? undefined : fusedDistortionLoss(tensors, loss.ofSmoothMax, temperature);
}
