import { DerandError } from '@derand/registry';
import { sampleNormal, type RandomKey } from '@derand/core';

/**
 * Orthonormalises the rows of A ∈ R^{k×d} (row-major float64) in place by modified Gram–Schmidt,
 * run twice ("twice is enough") so that ‖AAᵀ − I‖ stays at float64 round-off.
 *
 * @throws DerandError when the rows are linearly dependent (a row norm falls below 1e-10).
 * @example orthonormalizeRows(rows, 2, 20);
 */
export function orthonormalizeRows(a: Float64Array, k: number, d: number): Float64Array {
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let c = 0; c < d; c++) dot += (a[i * d + c] ?? 0) * (a[j * d + c] ?? 0);
        for (let c = 0; c < d; c++) a[i * d + c] = (a[i * d + c] ?? 0) - dot * (a[j * d + c] ?? 0);
      }
      let norm = 0;
      for (let c = 0; c < d; c++) norm += (a[i * d + c] ?? 0) ** 2;
      norm = Math.sqrt(norm);
      if (!(norm > 1e-10)) throw new DerandError('BAD_DIRECTIONS', `Row ${i} of the ${k}×${d} direction matrix is linearly dependent on the rows before it.`);
      for (let c = 0; c < d; c++) a[i * d + c] = (a[i * d + c] ?? 0) / norm;
    }
  }
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
