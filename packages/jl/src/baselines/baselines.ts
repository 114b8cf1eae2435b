import * as tf from '@tensorflow/tfjs-core';
import { foldIn, keyFromSeed, type RandomKey } from '@derand/core';
import type { DataMatrix } from '../data/matrix.js';
import { evaluateMatrix } from '../distortion/evaluate.js';
import { createProblemTensors } from '../distortion/problem-tensors.js';
import { distortionReport, type DistortionReport, type DistortionStats } from '../distortion/report.js';
import type { Embedding } from '../embedding/embedding.js';
import { createProblem, type ProblemKind } from '../problem/problem.js';
import { pcaProjection, truncatedSvdProjection } from './pca.js';
import { achlioptasProjection, gaussianProjection, verySparseProjection } from './random-projections.js';

/** The baselines of the package. */
export const BASELINE_IDS = ['gaussian', 'achlioptas', 'very-sparse', 'pca', 'truncated-svd'] as const;
export type BaselineId = (typeof BASELINE_IDS)[number];

/** One baseline on one data set: the distribution of its max distortion over draws, and the report of its best draw. */
export interface BaselineResult {
  readonly id: BaselineId;
  /** Draws evaluated (1 for PCA and SVD). */
  readonly trials: number;
  /** max|δ| on the problem's items: mean over draws, best draw, worst draw. */
  readonly max: { readonly mean: number; readonly best: number; readonly worst: number };
  /** Exact float64 report of the best draw (norms and pairs). */
  readonly report: DistortionReport;
  /** For the `vectors` problem: the best draw's stats on the vectors. */
  readonly vectors?: DistortionStats;
  readonly embedding: Embedding;
  readonly seconds: number;
}

export interface BaselineOptions {
  readonly k: number;
  readonly problem?: ProblemKind;
  readonly vectors?: DataMatrix;
  /** Draws of each random projection (default 100). */
  readonly trials?: number;
  readonly ids?: readonly BaselineId[];
  readonly key?: RandomKey;
}

/**
 * Runs the baselines on the data: Gaussian, Achlioptas and very sparse random projections
 * (`trials` draws each, scored on the device in float32, best draw re-scored exactly), PCA and
 * truncated SVD (deterministic). The score of a map is its max distortion on the problem's
 * items (pairs for `pairwise`, norms for `norms`, the given vectors for `vectors`). The engine
 * must be started.
 *
 * @example const baselines = runBaselines(X, { k: 30, problem: 'pairwise', trials: 100 });
 */
export function runBaselines(data: DataMatrix, options: BaselineOptions): BaselineResult[] {
  const kind = options.problem ?? 'pairwise';
  const key = options.key ?? keyFromSeed(0);
  const trials = options.trials ?? 100;
  const { k } = options;
  const problem = createProblem(data, { kind, k, reduce: 'never', ...(options.vectors === undefined ? {} : { vectors: options.vectors }) });
  const tensors = createProblemTensors(problem, k, foldIn(key, 'evaluation'));
  const score = (e: Embedding): number => {
    const scaled = tf.tidy(() => tf.mul(tf.tensor2d(Float32Array.from(e.matrix), [k, problem.d]), Math.sqrt(k)));
    try {
      return evaluateMatrix(tensors, scaled as tf.Tensor2D).max;
    } finally {
      scaled.dispose();
    }
  };
  const finish = (id: BaselineId, scores: number[], bestEmbedding: Embedding, started: number): BaselineResult => ({
    id,
    trials: scores.length,
    max: { mean: scores.reduce((a, b) => a + b, 0) / scores.length, best: Math.min(...scores), worst: Math.max(...scores) },
    report: distortionReport(bestEmbedding, data),
    ...(options.vectors === undefined ? {} : { vectors: distortionReport(bestEmbedding, options.vectors).norms }),
    embedding: bestEmbedding,
    seconds: (performance.now() - started) / 1000,
  });
  const random: Record<string, (k: number, d: number, key: RandomKey) => Embedding> = {
    gaussian: gaussianProjection,
    achlioptas: achlioptasProjection,
    'very-sparse': verySparseProjection,
  };
  const out: BaselineResult[] = [];
  try {
    for (const id of options.ids ?? BASELINE_IDS) {
      const started = performance.now();
      const make = random[id];
      if (make !== undefined) {
        const scores: number[] = [];
        let best: Embedding | undefined;
        let bestScore = Infinity;
        for (let t = 0; t < trials; t++) {
          const e = make(k, problem.d, foldIn(foldIn(key, id), t));
          const s = score(e);
          scores.push(s);
          if (s < bestScore) {
            bestScore = s;
            best = e;
          }
        }
        out.push(finish(id, scores, best!, started));
      } else {
        const e = id === 'pca' ? pcaProjection(data, k, { key: foldIn(key, id) }) : truncatedSvdProjection(data, k, { key: foldIn(key, id) });
        out.push(finish(id, [score(e)], e, started));
      }
    }
  } finally {
    tensors.dispose();
  }
  return out;
}
