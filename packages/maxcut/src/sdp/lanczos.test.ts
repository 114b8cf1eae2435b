import { describe, expect, it } from 'vitest';
import { keyFromSeed, sampleNormal, symmetricEigen } from '@derand/core';
import { lanczosSmallest, tridiagonalSmallest } from './lanczos.js';

function randomSymmetric(n: number, seed: number): number[][] {
  const x = sampleNormal(keyFromSeed(seed), n * n);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (x[i * n + j]! + x[j * n + i]!) / 2));
}

describe('Lanczos smallest eigenvalue', () => {
  it('matches a dense Jacobi eigensolver, with a small residual', () => {
    for (const [n, seed] of [[20, 1], [60, 2]] as const) {
      const a = randomSymmetric(n, seed);
      const exact = Math.min(...symmetricEigen(a).values);
      const apply = (x: Float64Array, y: Float64Array): void => {
        for (let i = 0; i < n; i++) y[i] = a[i]!.reduce((s, v, j) => s + v * x[j]!, 0);
      };
      const r = lanczosSmallest(apply, n, { key: keyFromSeed(9) });
      expect(r.value).toBeCloseTo(exact, 9);
      expect(r.residual).toBeLessThan(1e-6);
      // u is a unit Ritz vector: ‖A u − θ u‖ equals the reported residual
      const au = new Float64Array(n);
      apply(r.vector, au);
      const res = Math.sqrt(au.reduce((s, v, i) => s + (v - r.value * r.vector[i]!) ** 2, 0));
      expect(res).toBeCloseTo(r.residual, 6);
    }
  });

  it('bisection finds the smallest eigenvalue of a tridiagonal matrix', () => {
    // the path-graph Laplacian-like matrix tridiag(−1, 2, −1): eigenvalues 2 − 2cos(kπ/(n+1))
    const n = 30;
    const alpha = new Float64Array(n).fill(2);
    const beta = new Float64Array(n).fill(-1);
    expect(tridiagonalSmallest(alpha, beta, n)).toBeCloseTo(2 - 2 * Math.cos(Math.PI / (n + 1)), 12);
  });
});
