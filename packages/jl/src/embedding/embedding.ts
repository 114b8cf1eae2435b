import { InputError } from '@derand/registry';
import type { DataMatrix } from '../data/matrix.js';

/**
 * A linear embedding x ↦ Px of R^d into R^k, held on the host in float64 (P is k × d,
 * row-major). Fitted embeddings and every baseline have this one type, so reports, plots and
 * save/load treat them alike.
 */
export interface Embedding {
  readonly k: number;
  readonly d: number;
  /** P, row-major k × d. */
  readonly matrix: Float64Array;
  /** How P was made: `sampler-isotropic`, `direct`, `gaussian`, `pca`, `loaded`, … */
  readonly method: string;
  /** Facts worth keeping with the matrix (seed, problem, steps). */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Y Pᵀ: the embedded rows (n × k), computed in float64. */
  transform(data: DataMatrix): DataMatrix;
}

/**
 * Wraps a k × d matrix as an {@link Embedding}.
 *
 * @param matrix - P row-major (k·d values).
 * @param k - target dimension.
 * @param d - input dimension.
 * @param method - label of the construction.
 * @param meta - extra facts (JSON-serialisable).
 * @example const e = createEmbedding(P, 30, 500, 'gaussian'); const Y = e.transform(X);
 */
export function createEmbedding(matrix: Float64Array, k: number, d: number, method: string, meta: Readonly<Record<string, unknown>> = {}): Embedding {
  if (matrix.length !== k * d) throw new RangeError(`createEmbedding: a ${k} × ${d} matrix needs ${k * d} values (got ${matrix.length}).`);
  return {
    k,
    d,
    matrix,
    method,
    meta,
    transform: (data) => {
      if (data.cols !== d) {
        throw new InputError('BAD_DATA', 'Cannot transform the data:', [
          { where: data.source, message: `has dimension ${data.cols}, but the embedding maps R^${d} to R^${k}` },
        ]);
      }
      const out = new Float64Array(data.rows * k);
      for (let i = 0; i < data.rows; i++) {
        const x = data.values.subarray(i * d, (i + 1) * d);
        for (let a = 0; a < k; a++) {
          const p = matrix.subarray(a * d, (a + 1) * d);
          let s = 0;
          for (let j = 0; j < d; j++) s += p[j]! * x[j]!;
          out[i * k + a] = s;
        }
      }
      return { rows: data.rows, cols: k, values: out, source: `${method}(${data.source})` };
    },
  };
}
