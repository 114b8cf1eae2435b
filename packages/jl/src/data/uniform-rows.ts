import { sampleUniform, type RandomKey } from '@derand/core';
import type { DataMatrix } from './matrix.js';

/**
 * n points with i.i.d. Uniform[0, 1) coordinates, each row scaled to unit norm: the data of
 * the paper's JL experiment (n = 100, d = 500), drawn from a keyed stream so it reproduces
 * exactly from the seed. All rows lie in the positive orthant, so they are nearly equidistant
 * (close to a regular simplex), the hard case for pairwise JL.
 *
 * x_ij ~ U[0, 1), x_i ← x_i / ‖x_i‖₂.
 *
 * @param n - number of points.
 * @param d - dimension.
 * @param key - the random key (e.g. `foldIn(keyFromSeed(seed), 'data')`).
 * @example const X = uniformUnitRows(100, 500, foldIn(keyFromSeed(0), 'data'));
 */
export function uniformUnitRows(n: number, d: number, key: RandomKey, source = `uniform(n=${n}, d=${d})`): DataMatrix {
  const values = sampleUniform(key, n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += values[i * d + j]! ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) values[i * d + j] = values[i * d + j]! * inv;
  }
  return { rows: n, cols: d, values, source };
}
