import { describe, expect, it } from 'vitest';
import { foldIn, keyFromSeed, sampleNormal } from '@derand/core';
import { matrixFromRows } from '../data/matrix.js';
import { uniformUnitRows } from '../data/uniform-rows.js';
import { createProblem } from './problem.js';
import { orthonormalBasis } from '@derand/core/linalg';

describe('the basis of the data span (core linalg, as the problem uses it)', () => {
  it('returns orthonormal rows spanning the input, and finds the rank', () => {
    // 6 rows in R^10 of rank 4: rows 4 and 5 are combinations of rows 0..3
    const base = sampleNormal(keyFromSeed(1), 40);
    const rows = new Float64Array(60);
    rows.set(base);
    for (let j = 0; j < 10; j++) {
      rows[40 + j] = base[j]! - 2 * base[10 + j]!;
      rows[50 + j] = 0.5 * base[20 + j]! + base[30 + j]!;
    }
    const { basis, rank } = orthonormalBasis(rows, 6, 10, { relativeTo: 'largest' });
    expect(rank).toBe(4);
    for (let a = 0; a < rank; a++) {
      for (let b = 0; b < rank; b++) {
        let dot = 0;
        for (let j = 0; j < 10; j++) dot += basis[a * 10 + j]! * basis[b * 10 + j]!;
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
      }
    }
    // every row is reproduced by its projection onto the basis
    for (let i = 0; i < 6; i++) {
      const x = rows.subarray(i * 10, i * 10 + 10);
      const back = new Float64Array(10);
      for (let a = 0; a < rank; a++) {
        let c = 0;
        for (let j = 0; j < 10; j++) c += basis[a * 10 + j]! * x[j]!;
        for (let j = 0; j < 10; j++) back[j] = back[j]! + c * basis[a * 10 + j]!;
      }
      for (let j = 0; j < 10; j++) expect(back[j]).toBeCloseTo(x[j]!, 12);
    }
  });
});

describe('createProblem', () => {
  const X = uniformUnitRows(12, 40, foldIn(keyFromSeed(2), 'data'));
  const sq = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x * x, 0);

  it('pairwise: centred coordinates in the span keep every pairwise distance (rank n − 1)', () => {
    const p = createProblem(X, { kind: 'pairwise' });
    expect(p.r).toBe(11);
    expect(p.items).toBe(66);
    expect(p.pairs).toEqual({ mode: 'exact', batch: 4096, total: 66 });
    for (const [i, j] of [[0, 1], [3, 11], [5, 7]] as const) {
      const dx = Array.from({ length: 40 }, (_, t) => X.values[i * 40 + t]! - X.values[j * 40 + t]!);
      const dc = Array.from({ length: p.r }, (_, t) => p.coords[i * p.r + t]! - p.coords[j * p.r + t]!);
      expect(sq(dc)).toBeCloseTo(sq(dx), 12);
    }
  });

  it('norms: uncentred coordinates keep every norm; no reduction when n > 3d/4', () => {
    const p = createProblem(X, { kind: 'norms' });
    expect(p.r).toBe(12);
    for (let i = 0; i < 12; i++) expect(sq(p.coords.subarray(i * 12, i * 12 + 12))).toBeCloseTo(1, 12);
    const wide = createProblem(uniformUnitRows(40, 12, keyFromSeed(4)), { kind: 'norms' });
    expect(wide.basis).toBeUndefined();
    expect(wide.r).toBe(12);
  });

  it('switches to sampled pairs beyond the limit, and checks the vectors problem', () => {
    expect(createProblem(X, { kind: 'pairwise', exactPairLimit: 10, pairBatch: 8 }).pairs).toEqual({ mode: 'sampled', batch: 8, total: 66 });
    expect(() => createProblem(X, { kind: 'vectors' })).toThrow(/needs its vectors/);
    const V = matrixFromRows([[1, 2, 3]], 'v');
    expect(() => createProblem(X, { kind: 'vectors', vectors: V })).toThrow(/has dimension 3, the data .* has 40/);
    expect(() => createProblem(X, { kind: 'pairwise', k: 41 })).toThrow(/must not exceed the data dimension d = 40/);
  });
});
