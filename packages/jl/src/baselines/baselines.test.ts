import { beforeAll, describe, expect, it } from 'vitest';
import { foldIn, keyFromSeed, sampleNormal } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import type { DataMatrix } from '../data/matrix.js';
import { uniformUnitRows } from '../data/uniform-rows.js';
import { runBaselines } from './baselines.js';
import { orthonormalizeColumns } from '@derand/core/linalg';
import { minDimension } from './min-dimension.js';
import { pcaProjection, truncatedSvdProjection } from './pca.js';
import { achlioptasProjection, gaussianProjection, verySparseProjection } from './random-projections.js';

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

/** A random s × s orthogonal matrix (columns). */
function orthogonal(s: number, seed: number): Float64Array {
  const q = Float64Array.from(sampleNormal(keyFromSeed(seed), s * s));
  orthonormalizeColumns(q, s, s);
  return q;
}

/** |cosines| between the rows of P (k × d) and columns of V (d × k): ≈ a permutation of the identity when the subspaces agree. */
function subspaceGap(p: Float64Array, v: Float64Array, k: number, d: number, vCols: number): number {
  // ‖P Pᵀ − projector onto V‖ through ‖Pᵀ‖ on V's columns: every column of V must lie in the row space of P
  let worst = 0;
  for (let c = 0; c < k; c++) {
    let captured = 0;
    for (let a = 0; a < k; a++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += p[a * d + j]! * v[j * vCols + c]!;
      captured += dot * dot;
    }
    worst = Math.max(worst, 1 - captured);
  }
  return worst;
}

describe('PCA and truncated SVD', () => {
  it('recover the principal directions of data built from a known SVD (both the covariance and the Gram route)', () => {
    for (const [n, d] of [[60, 20], [15, 40]] as const) {
      const r = Math.min(n, d) - 1;
      // orthonormal, centred columns: orthonormalise [1, g_1 … g_r] and drop the constant column
      const w = Float64Array.from(sampleNormal(keyFromSeed(4), n * (r + 1)));
      for (let i = 0; i < n; i++) w[i * (r + 1)] = 1;
      orthonormalizeColumns(w, n, r + 1);
      const u = Float64Array.from({ length: n * r }, (_, t) => w[Math.floor(t / r) * (r + 1) + (t % r) + 1]!);
      const v = orthogonal(d, 5);
      const sv = Array.from({ length: r }, (_, c) => 50 / (c + 1));
      const values = new Float64Array(n * d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) {
        let s = 3; // a common offset that PCA must remove
        for (let c = 0; c < r; c++) s += u[i * r + c]! * sv[c]! * v[j * d + c]!;
        values[i * d + j] = s;
      }
      const data: DataMatrix = { rows: n, cols: d, values, source: 'svd' };
      const pca = pcaProjection(data, 3);
      expect(subspaceGap(pca.matrix, v, 3, d, d), `${n}×${d}`).toBeLessThan(1e-6);
      expect(pca.method).toBe('pca');
      expect(truncatedSvdProjection(data, 3).method).toBe('truncated-svd');
    }
  });
});

describe('random projections', () => {
  it('preserve squared norms in expectation, with the stated sparsity', () => {
    const d = 64;
    const x = Float64Array.from(sampleNormal(keyFromSeed(6), d));
    const norm = x.reduce((s, v) => s + v * v, 0);
    for (const make of [gaussianProjection, achlioptasProjection, verySparseProjection]) {
      let mean = 0;
      const trials = 400;
      for (let t = 0; t < trials; t++) {
        const p = make(8, d, foldIn(keyFromSeed(7), t)).transform({ rows: 1, cols: d, values: x, source: 'x' }).values;
        mean += p.reduce((s, v) => s + v * v, 0) / norm / trials;
      }
      // E = 1, sd of one ratio ≈ √(2/k) = 0.5, of the mean ≈ 0.025
      expect(Math.abs(mean - 1), make.name).toBeLessThan(0.1);
    }
    const zeros = (m: Float64Array) => m.filter((v) => v === 0).length / m.length;
    expect(zeros(achlioptasProjection(50, 400, keyFromSeed(8)).matrix)).toBeCloseTo(2 / 3, 1);
    expect(zeros(verySparseProjection(50, 400, keyFromSeed(8)).matrix)).toBeCloseTo(1 - 1 / 20, 1);
  });

  it('minDimension follows scikit-learn (documented values) and rejects bad arguments together', () => {
    expect(minDimension(1e6, 0.5)).toBe(663);
    expect([1e4, 1e5, 1e6].map((n) => minDimension(n, 0.1))).toEqual([7894, 9868, 11841]);
    expect(minDimension(1e6, 0.01)).toBe(1112658);
    expect(() => minDimension(0, 1.5)).toThrow(/n: must be a positive integer[\s\S]*eps: must lie strictly between 0 and 1/);
  });
});

describe('runBaselines', () => {
  it('scores every draw and keeps the best; PCA is deterministic', () => {
    const X = uniformUnitRows(30, 60, foldIn(keyFromSeed(9), 'data'));
    const results = runBaselines(X, { k: 10, problem: 'pairwise', trials: 12, key: keyFromSeed(1) });
    expect(results.map((r) => r.id)).toEqual(['gaussian', 'achlioptas', 'very-sparse', 'pca', 'truncated-svd']);
    for (const r of results) {
      expect(r.report.pairs.max).toBeCloseTo(r.max.best, 4); // device float32 score = host float64 report
      expect(r.max.best).toBeLessThanOrEqual(r.max.mean);
      expect(r.trials).toBe(r.id === 'pca' || r.id === 'truncated-svd' ? 1 : 12);
    }
  });
});
