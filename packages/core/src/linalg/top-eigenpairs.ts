import type { RandomKey } from '../random/key.js';
import { sampleNormal } from '../random/sample.js';
import { matmul } from './dense.js';
import { orthonormalizeColumns } from './orthonormalize.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Qᵀ A Q for A (s × s) and Q (s × b). */
function projected(a: Float64Array, q: Float64Array, s: number, b: number): Float64Array {
  const aq = matmul(a, q, s, s, b);
  const out = new Float64Array(b * b);
  for (let r = 0; r < s; r++) for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) out[i * b + j] = out[i * b + j]! + q[r * b + i]! * aq[r * b + j]!;
  return out;
}

/** The `count` largest eigenpairs of a symmetric eigen-decomposition (descending), vectors s × count. */
function largest(values: Float64Array, vectors: Float64Array, width: number, count: number, lift?: { q: Float64Array; s: number }): { values: Float64Array; vectors: Float64Array } {
  const rows = lift?.s ?? width;
  const out = new Float64Array(rows * count);
  const chosen = Array.from({ length: count }, (_, j) => width - 1 - j);
  const basis = lift === undefined ? vectors : matmul(lift.q, vectors, lift.s, width, width);
  for (let r = 0; r < rows; r++) chosen.forEach((col, j) => (out[r * count + j] = basis[r * width + col]!));
  return { values: Float64Array.from(chosen, (col) => values[col]!), vectors: out };
}

/**
 * The `count` largest eigenpairs of a symmetric positive semi-definite s × s matrix: exact
 * (Jacobi) when s ≤ 160, else randomized subspace iteration (Halko, Martinsson, Tropp 2011):
 * Q ← orth(A·Q) from a Gaussian start of width count + 10 until the Ritz values settle
 * (relative change < 1e-10) or 200 iterations, then Rayleigh–Ritz on QᵀAQ.
 *
 * @returns `values` (descending, `count`) and `vectors` (s × count, orthonormal columns).
 * @example const { values, vectors } = topEigenpairs(covariance, d, 30, keyFromSeed(0));
 * @see Halko, Martinsson & Tropp, "Finding structure with randomness", SIAM Review 2011, Alg. 4.3.
 */
export function topEigenpairs(a: Float64Array, s: number, count: number, key: RandomKey): { values: Float64Array; vectors: Float64Array } {
  if (s <= 160) {
    const { values, vectors } = symmetricEigen(a, s);
    return largest(values, vectors, s, count);
  }
  const b = Math.min(s, count + 10);
  let q: Float64Array = Float64Array.from(sampleNormal(key, s * b));
  orthonormalizeColumns(q, s, b);
  let previous: Float64Array = new Float64Array(b);
  for (let iteration = 0; iteration < 200; iteration++) {
    q = matmul(a, q, s, s, b);
    orthonormalizeColumns(q, s, b);
    if (iteration % 5 === 4) {
      const ritz = symmetricEigen(projected(a, q, s, b), b).values.reverse();
      let change = 0;
      for (let j = 0; j < count; j++) change = Math.max(change, Math.abs(ritz[j]! - previous[j]!) / Math.max(Math.abs(ritz[0]!), 1e-300));
      previous = ritz;
      if (change < 1e-10) break;
    }
  }
  const { values, vectors } = symmetricEigen(projected(a, q, s, b), b);
  return largest(values, vectors, b, count, { q, s });
}
