import { InputError } from '@derand/registry';
import type { DataMatrix } from '../data/matrix.js';
import { validateData } from '../data/validate.js';
import { orthonormalBasis } from '@derand/core/linalg';

/**
 * What an embedding must preserve:
 * - `norms`: ‖Px_i‖ ≈ ‖x_i‖ for every data row (what the authors' code optimises);
 * - `pairwise`: ‖P(x_i − x_j)‖ ≈ ‖x_i − x_j‖ for every pair (the JL property);
 * - `vectors`: ‖Pv‖ ≈ ‖v‖ for a user-given set of vectors v (directions, chosen differences).
 */
export type ProblemKind = 'norms' | 'pairwise' | 'vectors';

/** How pairs enter each optimisation step. */
export type PairMode = 'exact' | 'sampled';

export interface ProblemOptions {
  readonly kind: ProblemKind;
  /** For `vectors`: the vectors whose norms are preserved (required for that kind). */
  readonly vectors?: DataMatrix;
  /**
   * Pairwise only: `exact` uses all n(n−1)/2 pairs every step (through the Gram matrix);
   * `sampled` draws `pairBatch` uniform pairs per step (an unbiased estimate of every sum over
   * pairs); `auto` (default) is exact up to `exactPairLimit` pairs.
   */
  readonly pairs?: 'auto' | PairMode;
  /** Pairs per step in sampled mode (default 4096). */
  readonly pairBatch?: number;
  /** Largest pair count handled exactly in `auto` mode (default 2 000 000, about n = 2000). */
  readonly exactPairLimit?: number;
  /**
   * Work in an orthonormal basis of the span of the points (r ≤ n coordinates instead of d):
   * `auto` (default) when n ≤ 3d/4; `never`; `always`.
   */
  readonly reduce?: 'auto' | 'always' | 'never';
  /** Target dimension, checked against d with the data (1 ≤ k ≤ d). */
  readonly k?: number;
}

/**
 * A JL problem in reduced coordinates: the n items (points or vectors) written as coordinates
 * c_i = Q(x_i − μ) in an orthonormal basis Q (r × d) of their span. Because the span holds
 * every item (and, for pairwise problems, every difference), ‖A·(x_i − x_j)‖ = ‖(AQᵀ)(c_i − c_j)‖
 * for any k × d matrix A: optimising the k × r matrix B = AQᵀ loses nothing.
 */
export interface JlProblem {
  readonly kind: ProblemKind;
  /** Items: data rows (norms, pairwise) or the given vectors. */
  readonly n: number;
  /** Ambient dimension d. */
  readonly d: number;
  /** Coordinates per item, r ≤ d. */
  readonly r: number;
  /** Orthonormal rows spanning the items (r × d), or undefined for the identity (r = d). */
  readonly basis?: Float64Array;
  /** Subtracted before projecting onto the basis (pairwise: the mean; else zero). */
  readonly center?: Float64Array;
  /** c_i, row-major n × r. */
  readonly coords: Float64Array;
  /** Pairwise: exact or sampled pairs, batch size, and the number of distinct pairs. */
  readonly pairs?: { readonly mode: PairMode; readonly batch: number; readonly total: number };
  /** Number of distortions the objective controls: n, or n(n−1)/2. */
  readonly items: number;
  readonly source: string;
}

function meanRow(X: DataMatrix): Float64Array {
  const mu = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) mu[j] = mu[j]! + X.values[i * X.cols + j]! / X.rows;
  return mu;
}

/**
 * Builds the problem an embedding is fitted to, after validating the data (every problem found
 * is reported at once: NaN/Inf rows, zero rows, repeated points for pairwise problems).
 *
 * Pairwise problems are centred (distances do not change) and, when n ≤ 3d/4, written in an
 * orthonormal basis of the span of the centred points (rank ≤ n − 1), so each step costs
 * O(n·r·k) instead of O(n·d·k).
 *
 * @param data - the points (n × d).
 * @param options - problem kind and pair handling (see {@link ProblemOptions}).
 * @throws InputError `BAD_DATA` for invalid data; `BAD_OPTION` for a missing `vectors` set.
 * @example const problem = createProblem(X, { kind: 'pairwise' });
 */
export function createProblem(data: DataMatrix, options: ProblemOptions): JlProblem {
  const kind = options.kind;
  let items = data;
  if (kind === 'vectors') {
    if (options.vectors === undefined) throw new InputError('BAD_OPTION', 'The vectors problem needs its vectors:', [{ where: 'vectors', message: 'is missing; pass the vectors whose norms must be preserved' }]);
    if (options.vectors.cols !== data.cols) {
      throw new InputError('BAD_DATA', 'The vectors do not match the data:', [
        { where: options.vectors.source, message: `has dimension ${options.vectors.cols}, the data ${data.source} has ${data.cols}` },
      ]);
    }
    items = options.vectors;
  }
  validateData(items, {
    ...(kind === 'pairwise' ? { distinctRows: true, nonZeroRows: false } : {}),
    ...(options.k === undefined ? {} : { k: options.k }),
  });
  const n = items.rows;
  const d = items.cols;
  const center = kind === 'pairwise' ? meanRow(items) : undefined;
  const centred = new Float64Array(items.values);
  if (center !== undefined) for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centred[i * d + j] = centred[i * d + j]! - center[j]!;
  const reduceMode = options.reduce ?? 'auto';
  const reduce = reduceMode === 'always' || (reduceMode === 'auto' && n <= 0.75 * d);
  let basis: Float64Array | undefined;
  let r = d;
  let coords = centred;
  if (reduce) {
    const found = orthonormalBasis(centred, n, d, { relativeTo: 'largest' });
    basis = found.basis;
    r = found.rank;
    coords = new Float64Array(n * r);
    for (let i = 0; i < n; i++) {
      for (let q = 0; q < r; q++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += basis[q * d + j]! * centred[i * d + j]!;
        coords[i * r + q] = s;
      }
    }
  }
  const totalPairs = (n * (n - 1)) / 2;
  const pairMode: PairMode =
    options.pairs === 'exact' || options.pairs === 'sampled' ? options.pairs : totalPairs <= (options.exactPairLimit ?? 2_000_000) ? 'exact' : 'sampled';
  const batch = options.pairBatch ?? 4096;
  if (kind === 'pairwise' && (!Number.isInteger(batch) || batch < 1)) throw new InputError('BAD_OPTION', 'Invalid pair sampling:', [{ where: 'pairBatch', message: 'must be a positive integer', value: batch }]);
  return {
    kind,
    n,
    d,
    r,
    ...(basis === undefined ? {} : { basis }),
    ...(center === undefined ? {} : { center }),
    coords,
    ...(kind === 'pairwise' ? { pairs: { mode: pairMode, batch, total: totalPairs } } : {}),
    items: kind === 'pairwise' ? totalPairs : n,
    source: items.source,
  };
}
