import { describe, expect, it } from 'vitest';
import { keyFromSeed, foldIn, sampleNormal, symmetricEigen } from '@derand/core';
import { randomOrthonormalRows } from '@derand/models';
import { subspaceMetrics } from './subspace-metrics.js';
import { singularValues } from './svd.js';

/** A = Q₁ diag(σ) Q₂ᵀ with Haar-random orthonormal Q₁ (rows × r) and Q₂ (cols × r): known SVD. */
function withSingularValues(rows: number, cols: number, sigma: readonly number[], seed: number): Float64Array {
  const r = sigma.length;
  const q1 = randomOrthonormalRows(foldIn(keyFromSeed(seed), 'left'), r, rows); // r × rows
  const q2 = randomOrthonormalRows(foldIn(keyFromSeed(seed), 'right'), r, cols); // r × cols
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) for (let t = 0; t < r; t++) a[i * cols + j] = a[i * cols + j]! + q1[t * rows + i]! * sigma[t]! * q2[t * cols + j]!;
  return a;
}

describe('one-sided Jacobi SVD', () => {
  it('recovers known singular values, including tiny ones, to relative round-off', () => {
    const sigma = [7, 3, 1, 1e-3, 1e-7];
    const a = withSingularValues(300, 5, sigma, 1);
    const { values } = singularValues(a, 300, 5);
    sigma.forEach((s, i) => expect(Math.abs(values[i]! - s) / s).toBeLessThan(1e-9));
  });

  it('agrees with the eigenvalues of AᵀA (cyclic Jacobi from @derand/core) on a random matrix', () => {
    const rows = 40;
    const cols = 6;
    const a = sampleNormal(keyFromSeed(2), rows * cols);
    const gram = Array.from({ length: cols }, (_, i) => Array.from({ length: cols }, (_, j) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += a[r * cols + i]! * a[r * cols + j]!;
      return s;
    }));
    const eig = symmetricEigen(gram).values.map(Math.sqrt).sort((x, y) => y - x);
    const { values, rightVectors } = singularValues(a, rows, cols);
    eig.forEach((e, i) => expect(Math.abs(values[i]! - e) / e).toBeLessThan(1e-10));
    // V is orthogonal and ‖A vⱼ‖ = σⱼ
    for (let j = 0; j < cols; j++) {
      let norm = 0;
      for (let r = 0; r < rows; r++) {
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += a[r * cols + c]! * rightVectors[c * cols + j]!;
        norm += dot * dot;
      }
      expect(Math.sqrt(norm)).toBeCloseTo(values[j]!, 10);
      for (let l = 0; l < cols; l++) {
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += rightVectors[c * cols + j]! * rightVectors[c * cols + l]!;
        expect(dot).toBeCloseTo(j === l ? 1 : 0, 12);
      }
    }
  });
});

describe('subspace metrics', () => {
  it('match hand-computed values for neurons in the plane', () => {
    // u = (1,1)/√2; rows (1,1), (1,−1)·0.1, (2,2)
    const u = [Math.SQRT1_2, Math.SQRT1_2];
    const w = [1, 1, 0.1, -0.1, 2, 2];
    const m = subspaceMetrics(w, 3, 2, u, 1);
    const normW2 = 2 + 0.02 + 8;
    expect(m.normW).toBeCloseTo(Math.sqrt(normW2), 12);
    expect(m.normWperp).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(m.orthFraction).toBeCloseTo(0.02 / normW2, 12);
    expect(m.relWperp).toBeCloseTo(Math.sqrt(0.02 / normW2), 12);
    // W = [√2·u; 0.1√2·u⊥; 2√2·u] has singular values √(2+8)=√10 (along u) and √0.02
    expect(m.singularValues[0]).toBeCloseTo(Math.sqrt(10), 12);
    expect(m.singularValues[1]).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(m.principalAnglesDeg[0]).toBeCloseTo(0, 6);
    const p = [Math.sqrt(10), Math.sqrt(0.02)].map((s) => s / (Math.sqrt(10) + Math.sqrt(0.02)));
    expect(m.effectiveRank).toBeCloseTo(Math.exp(-p.reduce((s, x) => s + x * Math.log(x), 0)), 12);
    expect(m.stableRank).toBeCloseTo(normW2 / 10, 12);
  });

  it('give a 90° angle when W lives in U⊥ and the known angle when rotated', () => {
    const d = 5;
    const u = [1, 0, 0, 0, 0, 0, 1, 0, 0, 0]; // span(e1, e2)
    const theta = 0.3;
    // rows in span(cosθ e1 + sinθ e3, e2)
    const h = 50;
    const coeffs = sampleNormal(keyFromSeed(3), 2 * h);
    const w = new Float64Array(h * d);
    for (let i = 0; i < h; i++) {
      w[i * d] = coeffs[2 * i]! * Math.cos(theta);
      w[i * d + 2] = coeffs[2 * i]! * Math.sin(theta);
      w[i * d + 1] = coeffs[2 * i + 1]!;
    }
    const m = subspaceMetrics(w, h, d, u, 2);
    expect(m.principalAnglesDeg[0]).toBeCloseTo(0, 6);
    expect(m.principalAnglesDeg[1]).toBeCloseTo((theta * 180) / Math.PI, 6);
    const perp = new Float64Array(h * d);
    for (let i = 0; i < h; i++) perp[i * d + 3] = coeffs[i]!;
    const orth = subspaceMetrics(perp, h, d, u, 2);
    expect(orth.orthFraction).toBeCloseTo(1, 12);
    expect(orth.principalAnglesDeg[1]).toBeCloseTo(90, 6);
  });
});
