import { foldIn, sampleNormal, type RandomKey } from '@derand/core';
import type { DataMatrix } from './matrix.js';

/**
 * n points of R^d from a mixture of c Gaussians: centres μ_j = 3·g_j with g_j ~ N(0, I_d), point
 * i in cluster i mod c (balanced), x_i = μ_{i mod c} + N(0, I_d). Drawn from a keyed stream
 * (streams `centres` and `noise` of `key`), so it reproduces exactly from the seed. Clustered
 * data: the pairwise distances span two scales (within and between clusters), unlike the
 * nearly equidistant uniform rows.
 *
 * @param n - number of points.
 * @param d - dimension.
 * @param clusters - number of components c (1 ≤ c ≤ n).
 * @param key - the random key (e.g. `foldIn(keyFromSeed(seed), 'data')`).
 * @example const X = gaussianMixture(500, 64, 10, foldIn(keyFromSeed(0), 'data'));
 */
export function gaussianMixture(n: number, d: number, clusters: number, key: RandomKey, source = `mixture(n=${n}, d=${d}, clusters=${clusters})`): DataMatrix {
  const centres = sampleNormal(foldIn(key, 'centres'), clusters * d);
  const values = sampleNormal(foldIn(key, 'noise'), n * d);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    for (let j = 0; j < d; j++) values[i * d + j] = values[i * d + j]! + 3 * centres[c * d + j]!;
  }
  return { rows: n, cols: d, values, source };
}
