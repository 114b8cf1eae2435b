import * as tf from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { foldIn, gaussHermiteGrid, randomNormal, sampleIntegers, type RandomKey } from '@derand/core';
import type { Teacher } from '@derand/models';

/**
 * Where the training inputs x ~ N(0, I_d) come from.
 * - `online`: a fresh batch every step (the paper's online SGD on the population risk);
 * - `fixed`: `size` samples drawn once; full batch, or a minibatch of `batch` drawn per step;
 * - `quadrature`: the tensor-product Gauss–Hermite rule with `points`^d nodes and weights, so
 *   the objective is the population risk itself up to quadrature error (d ≤ 3; clean labels).
 */
export type DataSpec =
  | { readonly kind: 'online'; readonly batch: number }
  | { readonly kind: 'fixed'; readonly size: number; readonly batch?: number | undefined }
  | { readonly kind: 'quadrature'; readonly points: number };

/** One batch: inputs, labels and optional quadrature weights (all owned by the caller). */
export interface Batch {
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  readonly weights?: tf.Tensor1D;
}

/** A data source: `batch(key)` returns new tensors (the caller disposes them). */
export interface DataSource {
  readonly spec: DataSpec;
  /** Rows per batch. */
  readonly batchSize: number;
  batch(key: RandomKey): Batch;
  dispose(): void;
}

/**
 * Builds a data source for a teacher. Fixed data and quadrature nodes are drawn once from `key`;
 * online batches from the key passed to `batch` (so `minimize` can hold a sample fixed).
 *
 * @example const data = createDataSource({ kind: 'online', batch: 50 }, teacher, foldIn(root, 'data'));
 */
export function createDataSource(spec: DataSpec, teacher: Teacher, key: RandomKey): DataSource {
  const d = teacher.inputDim;
  if (spec.kind === 'online') {
    return {
      spec,
      batchSize: spec.batch,
      batch: (k) =>
        tf.tidy(() => {
          const x = randomNormal<tf.Rank.R2>(foldIn(k, 'x'), [spec.batch, d]);
          return { x, y: teacher.labels(x, foldIn(k, 'noise')) };
        }),
      dispose: () => undefined,
    };
  }
  if (spec.kind === 'fixed') {
    const x = randomNormal<tf.Rank.R2>(foldIn(key, 'x'), [spec.size, d]);
    const y = teacher.labels(x, foldIn(key, 'noise'));
    const batch = spec.batch === undefined || spec.batch >= spec.size ? undefined : spec.batch;
    return {
      spec,
      batchSize: batch ?? spec.size,
      batch: (k) => {
        if (batch === undefined) return { x: tf.clone(x), y: tf.clone(y) };
        return tf.tidy(() => {
          const index = tf.tensor1d(Int32Array.from(sampleIntegers(foldIn(k, 'batch'), batch, spec.size)), 'int32');
          return { x: tf.gather(x, index), y: tf.gather(y, index) };
        });
      },
      dispose: () => tf.dispose([x, y]),
    };
  }
  if (d > 3) {
    throw new DerandError('BAD_DATA', `Quadrature data needs d ≤ 3 (got d = ${d}): ${spec.points}^${d} nodes is too many. Use --data online or fixed:<size>.`);
  }
  const grid = gaussHermiteGrid(spec.points, d);
  const x = tf.tensor2d(Float32Array.from(grid.points), [grid.count, d]);
  const y = teacher.clean(x);
  const weights = tf.tensor1d(Float32Array.from(grid.weights));
  return {
    spec,
    batchSize: grid.count,
    batch: () => ({ x: tf.clone(x), y: tf.clone(y), weights: tf.clone(weights) }),
    dispose: () => tf.dispose([x, y, weights]),
  };
}
