import { sampleNormal, type RandomKey } from '@derand/core';
import { orthonormalBasis, symmetricEigen } from '@derand/core/linalg';

/** Rows expressed in fewer coordinates: vectors (n × rank, row-major). */
export interface CompressedVectors {
  readonly vectors: Float64Array;
  readonly rank: number;
  /** Fraction of Σ‖v_i‖² dropped (≤ the tolerance). */
  readonly droppedEnergy: number;
}

/**
 * Re-expresses the rows of V (n × r) in the orthonormal basis of principal axes of their span,
 * V' = V Q_k with Q_k the top-k eigenvectors of VᵀV, keeping the fewest axes whose discarded
 * energy Σ_{j>k} σ_j² / Σ_j σ_j² is ≤ `tolerance`. Then V'V'ᵀ = VVᵀ up to that fraction of
 * ‖V‖²_F, so every quantity that depends only on inner products v_i·v_j (the SDP value, GW
 * rounding, the rounding objective, whose z ~ N(0, I) is rotation invariant) is unchanged,
 * while per-edge work shrinks by r/k (G1: 40 → 16, G22: 64 → 23 at 1e-8).
 *
 * @param vectors - V, row-major n × r
 * @param n - rows
 * @param rank - r
 * @param tolerance - largest discarded energy fraction (default 1e-8)
 * @param maxRank - keep at most this many axes even if more energy is then dropped (reported)
 * @param mix - when given, the kept axes are finally turned by a random rotation drawn from
 *   this key, so that no coordinate carries most of the energy (coordinate-wise optimizers such
 *   as Adam treat every coordinate alike)
 */
export function compressVectors(vectors: Float64Array, n: number, rank: number, tolerance = 1e-8, mix?: RandomKey, maxRank = Infinity): CompressedVectors {
  const gram: number[][] = Array.from({ length: rank }, () => new Array<number>(rank).fill(0));
  for (let i = 0; i < n; i++) {
    const base = i * rank;
    for (let a = 0; a < rank; a++) {
      const va = vectors[base + a]!;
      if (va === 0) continue;
      const row = gram[a]!;
      for (let b = a; b < rank; b++) row[b]! += va * vectors[base + b]!;
    }
  }
  for (let a = 0; a < rank; a++) for (let b = 0; b < a; b++) gram[a]![b] = gram[b]![a]!;
  const eigen = symmetricEigen(gram);
  const order = Array.from(eigen.values, (v, k) => [Math.max(0, v), k] as const).sort((x, y) => y[0] - x[0]);
  const total = order.reduce((s, [v]) => s + v, 0);
  let kept = 0;
  let energy = 0;
  while (kept < order.length && (total === 0 ? kept < 1 : 1 - energy / total > tolerance)) energy += order[kept++]![0];
  while (kept > maxRank) energy -= order[--kept]![0];
  kept = Math.max(1, kept);
  const out = new Float64Array(n * kept);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < kept; k++) {
      const column = order[k]![1];
      let dot = 0;
      // column `column` of the eigenvector matrix is the axis
      for (let a = 0; a < rank; a++) dot += vectors[i * rank + a]! * eigen.vectors[a * rank + column]!;
      out[i * kept + k] = dot;
    }
  }
  if (mix !== undefined) rotateRows(out, n, kept, randomRotation(kept, mix));
  return { vectors: out, rank: kept, droppedEnergy: total === 0 ? 0 : Math.max(0, 1 - energy / total) };
}

/** A random k × k orthogonal matrix (row-major): Gram–Schmidt on Gaussian rows. */
export function randomRotation(k: number, key: RandomKey): Float64Array {
  return orthonormalBasis(sampleNormal(key, k * k), k, k, { completeTo: k }).basis;
}

/** V ← V Q for row-major V (n × k) and Q (k × k). */
function rotateRows(vectors: Float64Array, n: number, k: number, q: Float64Array): void {
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < k; b++) {
      let dot = 0;
      for (let a = 0; a < k; a++) dot += vectors[i * k + a]! * q[a * k + b]!;
      row[b] = dot;
    }
    vectors.set(row, i * k);
  }
}
