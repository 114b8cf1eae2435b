import { DerandError } from '@derand/registry';
import { sampleNormal, type RandomKey } from '@derand/core';
import { orthonormalBasis } from '@derand/core/linalg';

/**
 * The rows of A ∈ R^{k×d} (row-major float64) orthonormalised (core linalg: modified Gram–Schmidt,
 * twice), in place.
 *
 * @throws DerandError when the rows are linearly dependent (a residual falls below 1e-10 of its row's norm).
 * @example orthonormalizeRows(rows, 2, 20);
 */
export function orthonormalizeRows(a: Float64Array, k: number, d: number): Float64Array {
  const { basis, rank } = orthonormalBasis(a, k, d);
  if (rank < k) throw new DerandError('BAD_DIRECTIONS', `The ${k}×${d} direction matrix has rank ${rank}: row ${rank} is linearly dependent on the rows before it.`);
  a.set(basis);
  return a;
}

/**
 * k orthonormal rows in R^d, Haar-distributed (Gram–Schmidt of a Gaussian matrix), as a
 * pure function of `key`.
 *
 * @example const U = randomOrthonormalRows(keyFromSeed(0), 2, 20); // 2×20, U Uᵀ = I
 */
export function randomOrthonormalRows(key: RandomKey, k: number, d: number): Float64Array {
  if (!(Number.isInteger(k) && Number.isInteger(d) && k >= 1 && k <= d)) {
    throw new DerandError('BAD_DIRECTIONS', `Need integers 1 ≤ k ≤ d for k orthonormal directions in R^d (got k=${k}, d=${d}).`);
  }
  return orthonormalizeRows(sampleNormal(key, k * d), k, d);
}
