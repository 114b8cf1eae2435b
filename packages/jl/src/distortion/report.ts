import { foldIn, keyFromSeed, type RandomKey } from '@derand/core';
import type { DataMatrix } from '../data/matrix.js';
import type { Embedding } from '../embedding/embedding.js';
import { samplePairs } from './sample-pairs.js';

/**
 * Distortion statistics of one family of items (norms or pairs): δ = ‖Pv‖²/‖v‖² − 1 for each
 * item v, summarised by max|δ|, mean|δ| and quantiles of |δ|, with the extreme ratios.
 * `scaledMax` = (ρ_max − ρ_min)/(ρ_max + ρ_min), ρ = ‖Pv‖²/‖v‖², is the max distortion after
 * the best global rescaling of P (what a map that only shrinks, such as PCA, could reach).
 */
export interface DistortionStats {
  /** Items evaluated. */
  readonly count: number;
  /** Items in the data (n, or n(n−1)/2). */
  readonly total: number;
  /** False when pairs were sampled (then max is over the sample; mean and quantiles are unbiased estimates). */
  readonly exact: boolean;
  readonly max: number;
  readonly mean: number;
  readonly quantiles: { readonly q50: number; readonly q90: number; readonly q99: number };
  readonly minRatio: number;
  readonly maxRatio: number;
  readonly scaledMax: number;
}

/** Norm and pairwise distortion of an embedding on a data set. */
export interface DistortionReport {
  readonly norms: DistortionStats;
  readonly pairs: DistortionStats;
}

export interface ReportOptions {
  /** `auto` (default): exact when n(n−1)/2 ≤ `exactPairLimit`, else a uniform sample of `samplePairs` pairs. */
  readonly pairs?: 'auto' | 'exact' | 'sampled';
  /** Default 2 000 000 pairs. */
  readonly exactPairLimit?: number;
  /** Default 200 000. */
  readonly samplePairs?: number;
  /** Key of the pair sample (default: seed 0). */
  readonly key?: RandomKey;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (position - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Summary statistics of ratios ρ (‖Pv‖²/‖v‖²).
 *
 * @example statsOfRatios(Float64Array.of(0.9, 1.1), 2, true).max; // 0.1
 */
export function statsOfRatios(ratios: Float64Array, total: number, exact: boolean): DistortionStats {
  const magnitudes = new Float64Array(ratios.length);
  let sum = 0;
  let minRatio = Infinity;
  let maxRatio = -Infinity;
  for (let i = 0; i < ratios.length; i++) {
    const rho = ratios[i]!;
    magnitudes[i] = Math.abs(rho - 1);
    sum += magnitudes[i]!;
    if (rho < minRatio) minRatio = rho;
    if (rho > maxRatio) maxRatio = rho;
  }
  magnitudes.sort();
  const count = ratios.length;
  return {
    count,
    total,
    exact,
    max: count === 0 ? NaN : magnitudes[count - 1]!,
    mean: count === 0 ? NaN : sum / count,
    quantiles: { q50: quantile(magnitudes, 0.5), q90: quantile(magnitudes, 0.9), q99: quantile(magnitudes, 0.99) },
    minRatio,
    maxRatio,
    scaledMax: count === 0 ? NaN : maxRatio + minRatio > 0 ? (maxRatio - minRatio) / (maxRatio + minRatio) : 1,
  };
}

const pairCache = new WeakMap<DataMatrix, Float64Array>();

/**
 * ‖x_i − x_j‖² for all i < j (row-major upper triangle), float64, cached per data matrix.
 *
 * @example const d2 = pairSquaredDistances(X); // length n(n−1)/2
 */
export function pairSquaredDistances(data: DataMatrix): Float64Array {
  const cached = pairCache.get(data);
  if (cached !== undefined) return cached;
  const { rows: n, cols: d, values } = data;
  const out = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const xi = values.subarray(i * d, (i + 1) * d);
    for (let j = i + 1; j < n; j++) {
      const xj = values.subarray(j * d, (j + 1) * d);
      let s = 0;
      for (let c = 0; c < d; c++) {
        const diff = xi[c]! - xj[c]!;
        s += diff * diff;
      }
      out[t++] = s;
    }
  }
  pairCache.set(data, out);
  return out;
}

function squaredDistance(values: Float64Array, d: number, i: number, j: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) {
    const diff = values[i * d + c]! - values[j * d + c]!;
    s += diff * diff;
  }
  return s;
}

/**
 * The distortion report of an embedding on data, in float64 on the host: for norms
 * δ_i = ‖Px_i‖²/‖x_i‖² − 1, for pairs δ_ij = ‖P(x_i − x_j)‖²/‖x_i − x_j‖² − 1 (all pairs,
 * or an unbiased uniform sample beyond `exactPairLimit`). Zero rows and repeated points carry
 * no direction and are skipped.
 *
 * @param embedding - the map P.
 * @param data - the points (n × d).
 * @param options - pair handling (see {@link ReportOptions}).
 * @example const { pairs } = distortionReport(result.embedding, X); console.log(pairs.max);
 */
export function distortionReport(embedding: Embedding, data: DataMatrix, options: ReportOptions = {}): DistortionReport {
  const y = embedding.transform(data).values;
  const { rows: n, cols: d, values } = data;
  const k = embedding.k;
  const normRatios: number[] = [];
  for (let i = 0; i < n; i++) {
    let den = 0;
    for (let c = 0; c < d; c++) den += values[i * d + c]! ** 2;
    if (den === 0) continue;
    let num = 0;
    for (let a = 0; a < k; a++) num += y[i * k + a]! ** 2;
    normRatios.push(num / den);
  }
  const total = (n * (n - 1)) / 2;
  const mode = options.pairs ?? 'auto';
  const exact = mode === 'exact' || (mode === 'auto' && total <= (options.exactPairLimit ?? 2_000_000));
  const pairRatios: number[] = [];
  const projected = (i: number, j: number): number => {
    let s = 0;
    for (let a = 0; a < k; a++) {
      const diff = y[i * k + a]! - y[j * k + a]!;
      s += diff * diff;
    }
    return s;
  };
  if (exact) {
    const dist = pairSquaredDistances(data);
    let t = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const den = dist[t++]!;
        if (den > 0) pairRatios.push(projected(i, j) / den);
      }
    }
  } else {
    const count = options.samplePairs ?? 200_000;
    const { i: is, j: js } = samplePairs(foldIn(options.key ?? keyFromSeed(0), 'report-pairs'), n, count);
    for (let t = 0; t < count; t++) {
      const den = squaredDistance(values, d, is[t]!, js[t]!);
      if (den > 0) pairRatios.push(projected(is[t]!, js[t]!) / den);
    }
  }
  return {
    norms: statsOfRatios(Float64Array.from(normRatios), n, true),
    pairs: statsOfRatios(Float64Array.from(pairRatios), total, exact),
  };
}
