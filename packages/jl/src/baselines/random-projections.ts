import { sampleNormal, sampleUniform, type RandomKey } from '@derand/core';
import { createEmbedding, type Embedding } from '../embedding/embedding.js';

/**
 * The Gaussian random projection P = G/√k, G_ij ~ N(0, 1): E‖Px‖² = ‖x‖², the classical JL map.
 *
 * @param k - target dimension.
 * @param d - input dimension.
 * @param key - randomness.
 * @example const P = gaussianProjection(30, 500, foldIn(keyFromSeed(0), 'gaussian'));
 * @see scikit-learn GaussianRandomProjection.
 */
export function gaussianProjection(k: number, d: number, key: RandomKey): Embedding {
  const values = sampleNormal(key, k * d, 0, 1 / Math.sqrt(k));
  return createEmbedding(values, k, d, 'gaussian');
}

/**
 * A sparse random projection with density s: entries +√(1/s)/√k and −√(1/s)/√k with
 * probability s/2 each, 0 otherwise (E‖Px‖² = ‖x‖²). s = 1/3 is Achlioptas (2003); s = 1/√d
 * is the "very sparse" projection of Li, Hastie and Church (2006), scikit-learn's default.
 *
 * @param density - s in (0, 1].
 * @example const P = sparseProjection(30, 500, key, 1 / 3);
 */
export function sparseProjection(k: number, d: number, key: RandomKey, density: number): Embedding {
  const u = sampleUniform(key, k * d);
  const magnitude = Math.sqrt(1 / density) / Math.sqrt(k);
  const values = new Float64Array(k * d);
  for (let i = 0; i < k * d; i++) values[i] = u[i]! < density / 2 ? magnitude : u[i]! < density ? -magnitude : 0;
  return createEmbedding(values, k, d, density === 1 / 3 ? 'achlioptas' : `sparse(${density.toPrecision(3)})`);
}

/**
 * Achlioptas's database-friendly projection (density 1/3).
 *
 * @example const P = achlioptasProjection(30, 500, foldIn(keyFromSeed(0), 't'));
 */
export function achlioptasProjection(k: number, d: number, key: RandomKey): Embedding {
  return sparseProjection(k, d, key, 1 / 3);
}

/**
 * The very sparse projection of Li, Hastie and Church (density 1/√d).
 *
 * @example const P = verySparseProjection(30, 500, foldIn(keyFromSeed(0), 't'));
 */
export function verySparseProjection(k: number, d: number, key: RandomKey): Embedding {
  const e = sparseProjection(k, d, key, 1 / Math.sqrt(d));
  return createEmbedding(e.matrix, k, d, 'very-sparse');
}
