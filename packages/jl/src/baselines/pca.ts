import { keyFromSeed, type RandomKey } from '@derand/core';
import type { DataMatrix } from '../data/matrix.js';
import { createEmbedding, type Embedding } from '../embedding/embedding.js';
import { gramOfColumns, topEigenpairs } from '@derand/core/linalg';

export interface PcaOptions {
  /** Subtract the mean first (PCA, default) or not (truncated SVD). */
  readonly center?: boolean;
  /** Randomness of the subspace iteration (default seed 0). */
  readonly key?: RandomKey;
}

/**
 * The top-k principal directions as an embedding: P = V_kᵀ with V_k the leading right
 * singular vectors of the (centred) data X (n × d). A projection, so ‖Px‖ ≤ ‖x‖: it
 * preserves the directions of largest variance and shrinks the rest (no rescaling, as
 * scikit-learn's PCA.transform up to the mean shift). Uses the d × d covariance when d ≤ n,
 * else the n × n Gram matrix (V = XᵀU/σ); float64 on the host.
 *
 * @param data - the points.
 * @param k - number of components (≤ min(n, d) useful ones; extra rows are zero).
 * @param options - `center` (default true), `key`.
 * @example const pca = pcaProjection(X, 30);
 */
export function pcaProjection(data: DataMatrix, k: number, options: PcaOptions = {}): Embedding {
  const center = options.center ?? true;
  const key = options.key ?? keyFromSeed(0);
  const { rows: n, cols: d } = data;
  const a = Float64Array.from(data.values);
  if (center) {
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += a[i * d + j]!;
      mean /= n;
      for (let i = 0; i < n; i++) a[i * d + j] = a[i * d + j]! - mean;
    }
  }
  const useful = Math.min(k, n, d);
  const matrix = new Float64Array(k * d);
  if (d <= n) {
    const { vectors } = topEigenpairs(gramOfColumns(a, n, d), d, useful, key);
    for (let c = 0; c < useful; c++) for (let j = 0; j < d; j++) matrix[c * d + j] = vectors[j * useful + c]!;
  } else {
    const at = new Float64Array(d * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) at[j * n + i] = a[i * d + j]!;
    const { values, vectors } = topEigenpairs(gramOfColumns(at, d, n), n, useful, key);
    for (let c = 0; c < useful; c++) {
      const sigma = Math.sqrt(Math.max(values[c]!, 0));
      if (sigma === 0) continue;
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += a[i * d + j]! * vectors[i * useful + c]!;
        matrix[c * d + j] = s / sigma;
      }
    }
  }
  return createEmbedding(matrix, k, d, center ? 'pca' : 'truncated-svd');
}

/**
 * The top-k right singular vectors of the uncentred data (scikit-learn's TruncatedSVD directions).
 *
 * @example const svd = truncatedSvdProjection(X, 30);
 */
export function truncatedSvdProjection(data: DataMatrix, k: number, options: Omit<PcaOptions, 'center'> = {}): Embedding {
  return pcaProjection(data, k, { ...options, center: false });
}
