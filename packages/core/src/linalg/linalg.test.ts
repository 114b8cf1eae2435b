import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '../random/key.js';
import { sampleNormal } from '../random/sample.js';
import { gramOfColumns, matmul, transpose } from './dense.js';
import { lanczos } from './lanczos.js';
import { orthonormalBasis, orthonormalizeColumns } from './orthonormalize.js';
import { svd } from './svd.js';
import { eigenvector, symmetricEigen } from './symmetric-eigen.js';
import { topEigenpairs } from './top-eigenpairs.js';
import { tridiagonalEigenvalue, tridiagonalEigenvector } from './tridiagonal.js';

/** A random orthogonal n × n matrix (QR of a Gaussian one, by the layer's own Gram–Schmidt on columns). */
function orthogonal(n: number, seed: number): Float64Array {
  const q = Float64Array.from(sampleNormal(keyFromSeed(seed), n * n));
  orthonormalizeColumns(q, n, n);
  return q;
}

/** Q diag(λ) Qᵀ: a symmetric matrix with a known spectrum and eigenvectors. */
function withSpectrum(q: Float64Array, lambda: readonly number[]): Float64Array {
  const n = lambda.length;
  const scaled = Float64Array.from(q, (x, i) => x * lambda[i % n]!);
  return matmul(scaled, transpose(q, n, n), n, n, n);
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);

describe('dense helpers', () => {
  it('matmul and gramOfColumns match the definitions', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6); // 2 × 3
    const b = Float64Array.of(1, 0, -1, 2, 0.5, 1); // 3 × 2
    expect(Array.from(matmul(a, b, 2, 3, 2))).toEqual([1 * 1 + 2 * -1 + 3 * 0.5, 1 * 0 + 2 * 2 + 3 * 1, 4 - 5 + 3, 0 + 10 + 6]);
    expect(Array.from(gramOfColumns(a, 2, 3))).toEqual(Array.from(matmul(transpose(a, 2, 3), a, 3, 2, 3)));
  });
});

describe('symmetricEigen (Jacobi)', () => {
  it('recovers a known spectrum and its eigenvectors', () => {
    const n = 12;
    const lambda = Array.from({ length: n }, (_, i) => -3 + 0.7 * i * i);
    const q = orthogonal(n, 1);
    const eigen = symmetricEigen(withSpectrum(q, lambda), n);
    expect(maxAbs(eigen.values, [...lambda].sort((x, y) => x - y))).toBeLessThan(1e-11);
    // each eigenvector is ± the matching column of Q
    for (let j = 0; j < n; j++) {
      const v = eigenvector(eigen, j);
      const column = Array.from({ length: n }, (_, r) => q[r * n + j]!);
      const sign = Math.sign(v.reduce((s, x, r) => s + x * column[r]!, 0));
      expect(maxAbs(v.map((x) => sign * x), column)).toBeLessThan(1e-9);
    }
  });
  it('takes rows too, and refuses a non-square size', () => {
    const { values } = symmetricEigen([[2, 1], [1, 2]]);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(() => symmetricEigen(Float64Array.of(1, 2, 3))).toThrow(/do not make an n × n matrix/);
  });
});

describe('tridiagonal eigenproblem', () => {
  it('matches the closed form of tridiag(−1, 2, −1): 2 − 2cos(πj/(n+1))', () => {
    const n = 40;
    const alpha = new Float64Array(n).fill(2);
    const beta = new Float64Array(n).fill(-1);
    for (const j of [0, 5, n - 1]) expect(tridiagonalEigenvalue(alpha, beta, n, j)).toBeCloseTo(2 - 2 * Math.cos((Math.PI * (j + 1)) / (n + 1)), 12);
    // the eigenvector is sin(π i (j+1)/(n+1)), normalised
    const theta = tridiagonalEigenvalue(alpha, beta, n, 0);
    const s = tridiagonalEigenvector(alpha, beta, n, theta);
    const exact = Float64Array.from({ length: n }, (_, i) => Math.sin((Math.PI * (i + 1)) / (n + 1)));
    const norm = Math.hypot(...exact);
    expect(maxAbs(s.map((x) => Math.sign(s[0]!) * x), exact.map((x) => x / norm))).toBeLessThan(1e-10);
  });
});

describe('lanczos', () => {
  it('finds the extreme eigenvalues of a known symmetric matrix, with a small residual', () => {
    const n = 30;
    const lambda = Array.from({ length: n }, (_, i) => -3 + (7 * i) / (n - 1));
    const a = withSpectrum(orthogonal(n, 2), lambda);
    const apply = (v: Float64Array): Float64Array => matmul(a, v, n, n, 1);
    const r = lanczos(apply, sampleNormal(keyFromSeed(3), n), { steps: 30 });
    expect(r.min).toBeCloseTo(-3, 9);
    expect(r.max).toBeCloseTo(4, 9);
    expect(r.residual).toBeLessThan(1e-8);
    // agrees with the dense solver
    expect(r.min).toBeCloseTo(symmetricEigen(a, n).values[0]!, 9);
  });
  it('stops early at the tolerance, and its residual bounds the distance to the spectrum', () => {
    // an isolated smallest eigenvalue −5 below a spectrum in [1, 3]: Lanczos converges long before n steps
    const n = 150;
    const lambda = Array.from({ length: n }, (_, i) => (i === 0 ? -5 : 1 + (2 * i) / n));
    const a = withSpectrum(orthogonal(n, 9), lambda);
    const apply = (v: Float64Array): Float64Array => matmul(a, v, n, n, 1);
    const r = lanczos(apply, sampleNormal(keyFromSeed(4), n), { steps: n, tolerance: 1e-6 });
    const exact = -5;
    expect(r.iterations).toBeLessThan(n);
    expect(r.min).toBeGreaterThanOrEqual(exact - 1e-12);
    expect(r.min - exact).toBeLessThanOrEqual(r.residual + 1e-12);
  });
});

describe('svd (one-sided Jacobi)', () => {
  it('gives the square roots of the eigenvalues of AᵀA and right vectors with AᵀA v = σ² v', () => {
    const rows = 50;
    const cols = 6;
    const a = sampleNormal(keyFromSeed(5), rows * cols);
    const { values, rightVectors } = svd(a, rows, cols);
    const gram = gramOfColumns(a, rows, cols);
    const eig = Array.from(symmetricEigen(gram, cols).values).map(Math.sqrt).reverse();
    expect(maxAbs(values, eig)).toBeLessThan(1e-10);
    for (let j = 0; j < cols; j++) {
      const v = Float64Array.from({ length: cols }, (_, i) => rightVectors[i * cols + j]!);
      const gv = matmul(gram, v, cols, cols, 1);
      expect(maxAbs(gv, v.map((x) => x * values[j]! ** 2))).toBeLessThan(1e-9 * values[0]! ** 2);
    }
  });
  it('is accurate for tiny singular values (no AᵀA is formed)', () => {
    // diag(1, 1e-9) rotated: σ = 1e-9 to relative accuracy
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const a = Float64Array.of(c, -s * 1e-9, s, c * 1e-9);
    expect(svd(a, 2, 2).values[1]! / 1e-9).toBeCloseTo(1, 9);
  });
});

describe('orthonormalBasis (Gram–Schmidt, twice)', () => {
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((s, x, i) => s + x * b[i]!, 0);
  it.each<[string, number[], number, number, number]>([
    ['a generic 2×5 matrix', [0.3, -1, 2, 0.1, 0.7, 1.5, 0.2, -0.4, 0.9, -2], 2, 5, 2],
    ['the zero matrix', Array(12).fill(0), 3, 4, 0],
    ['repeated and zero rows', [1, 2, 3, 0, 1, 2, 3, 0, 0, 0, 0, 0], 3, 4, 1],
    ['k > d', [1, 0, 2, -1, 3, 1, 0.5, 0.5], 4, 2, 2],
  ])('spans the rows with orthonormal vectors, completed to min(k, d): %s', (_name, w, k, d, rank) => {
    const r = Math.min(k, d);
    const { basis, rank: found, spanned } = orthonormalBasis(w, k, d, { completeTo: r });
    expect(found).toBe(r);
    expect(spanned).toBe(rank);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) expect(Math.abs(dot(basis.subarray(i * d, i * d + d), basis.subarray(j * d, j * d + d)) - (i === j ? 1 : 0))).toBeLessThan(1e-12);
    for (let row = 0; row < k; row++) {
      const x = w.slice(row * d, row * d + d);
      const residual = x.map((value, i) => value - Array.from({ length: r }, (_, q) => dot(x, basis.subarray(q * d, q * d + d)) * basis[q * d + i]!).reduce((s, v) => s + v, 0));
      expect(Math.hypot(...residual)).toBeLessThan(1e-12 * (1 + Math.hypot(...x)));
    }
  });
  it('without completion gives the rank, dropping rows relative to the largest row', () => {
    const { rank } = orthonormalBasis([1, 0, 0, 1e-12, 0, 0, 0, 1, 0], 3, 3, { relativeTo: 'largest' });
    expect(rank).toBe(2);
    expect(orthonormalBasis([1, 0, 0, 1e-12, 0, 0, 0, 1, 0], 3, 3).rank).toBe(2);
  });
  it('refuses non-finite entries and wrong sizes, naming the row', () => {
    expect(() => orthonormalBasis([1, NaN, 0, 0], 2, 2)).toThrow(/row 0 has a non-finite entry/);
    expect(() => orthonormalBasis([1, 2, 3], 2, 2)).toThrow(/expected 2×2 = 4 entries, got 3/);
  });
});

describe('topEigenpairs', () => {
  it('by randomized subspace iteration (s > 160) finds the leading subspace of a known spectrum', () => {
    const s = 200;
    const lambda = Array.from({ length: s }, (_, i) => 100 * 0.8 ** i);
    const { values, vectors } = topEigenpairs(withSpectrum(orthogonal(s, 6), lambda), s, 8, keyFromSeed(7));
    expect(maxAbs(values, lambda.slice(0, 8))).toBeLessThan(1e-6 * lambda[0]!);
    // orthonormal columns
    const gram = gramOfColumns(vectors, s, 8);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) expect(Math.abs(gram[i * 8 + j]! - (i === j ? 1 : 0))).toBeLessThan(1e-9);
  });
  it('exactly (Jacobi) for s ≤ 160, in descending order', () => {
    const lambda = [5, 1, 3, 2];
    const { values } = topEigenpairs(withSpectrum(orthogonal(4, 8), lambda), 4, 2, keyFromSeed(0));
    expect(Array.from(values).map((v) => Number(v.toFixed(10)))).toEqual([5, 3]);
  });
});
