import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '../random/key.js';
import { relativeError } from '../testing/relative-error.js';
import { sampleUniform } from '../random/sample.js';
import { choleskyBackwardError, isPositiveDefinite } from './cholesky.js';
import { symmetricEigen } from './symmetric-eigen.js';
import {
  minimumDegreeOrdering,
  sparseCholesky,
  sparseCholeskyBackwardError,
  sparseCholeskySolve,
  sparseCholeskyWorkspace,
  symbolicCholesky,
  type EliminationOrdering,
  type SparsePattern,
  type SparseSymmetricMatrix,
} from './sparse-cholesky.js';

/** A symmetric matrix from its upper-triangle entries {i, j, value} and a diagonal, in the CSR form (rows unsorted on purpose). */
function fromEntries(n: number, diagonal: ArrayLike<number>, entries: readonly (readonly [number, number, number])[]): SparseSymmetricMatrix {
  const rows: [number, number][][] = Array.from({ length: n }, () => []);
  for (const [i, j, w] of entries) {
    rows[i]!.push([j, w]);
    rows[j]!.push([i, w]);
  }
  for (const row of rows) row.reverse();
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + rows[i]!.length;
  return {
    n,
    diagonal: Float64Array.from(diagonal),
    offsets,
    neighbors: Int32Array.from(rows.flat().map(([j]) => j)),
    values: Float64Array.from(rows.flat().map(([, w]) => w)),
  };
}

/** A random sparse symmetric matrix: m random pairs with N(0,1)-ish values, zero diagonal. */
function randomSparse(n: number, m: number, seed: number): { entries: [number, number, number][]; dense: Float64Array } {
  const u = sampleUniform(keyFromSeed(seed), 3 * m * 2);
  const seen = new Set<number>();
  const entries: [number, number, number][] = [];
  for (let t = 0; t + 2 < u.length && entries.length < m; t += 3) {
    const i = Math.floor(u[t]! * n);
    const j = Math.floor(u[t + 1]! * n);
    if (i === j || seen.has(Math.min(i, j) * n + Math.max(i, j))) continue;
    seen.add(Math.min(i, j) * n + Math.max(i, j));
    entries.push([i, j, 2 * u[t + 2]! - 1]);
  }
  const dense = new Float64Array(n * n);
  for (const [i, j, w] of entries) dense[i * n + j] = dense[j * n + i] = w;
  return { entries, dense };
}

/** The dense n × n form of a sparse symmetric matrix. */
function toDense(a: SparseSymmetricMatrix): Float64Array {
  const { n } = a;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    d[i * n + i] = a.diagonal[i]!;
    for (let k = a.offsets[i]!; k < a.offsets[i + 1]!; k++) d[i * n + a.neighbors[k]!] = a.values[k]!;
  }
  return d;
}

/** The rows × cols grid graph (4-neighbour, no wrap) as upper-triangle entries of weight −1. */
function grid(rows: number, cols: number): [number, number, number][] {
  const entries: [number, number, number][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      if (c + 1 < cols) entries.push([v, v + 1, -1]);
      if (r + 1 < rows) entries.push([v, v + cols, -1]);
    }
  }
  return entries;
}

/** The off-diagonal columns of row i. */
const row = (a: SparsePattern, i: number): number[] => Array.from({ length: a.offsets[i + 1]! - a.offsets[i]! }, (_, k) => a.neighbors[a.offsets[i]! + k]!);

/** Reference elimination with JS Sets: the neighbour set of each vertex when it is eliminated, in the given order. */
function eliminationSets(a: SparseSymmetricMatrix, order: ArrayLike<number>): number[][] {
  const adj = Array.from({ length: a.n }, (_, i) => new Set(row(a, i)));
  const sets: number[][] = [];
  for (let p = 0; p < a.n; p++) {
    const v = order[p]!;
    const nv = [...adj[v]!];
    sets.push(nv);
    for (const u of nv) {
      adj[u]!.delete(v);
      for (const w of nv) if (w !== u) adj[u]!.add(w);
    }
    adj[v]!.clear();
  }
  return sets;
}

const identity = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** The minimum-degree order of a pattern, which must not stop (no caps given). */
function ordering(a: SparsePattern): EliminationOrdering {
  const result = minimumDegreeOrdering(a);
  if ('stopped' in result) throw new Error('the ordering stopped without a cap');
  return result;
}

describe('minimumDegreeOrdering', () => {
  it('returns a permutation whose elimination neighbour sets are the columns of the symbolic L', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const n = 40;
      const { entries } = randomSparse(n, 70, seed);
      const a = fromEntries(n, new Float64Array(n).fill(1), entries);
      const md = ordering(a);
      expect([...md.order].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (let p = 0; p < n; p++) expect(md.position[md.order[p]!]).toBe(p);
      const symbolic = symbolicCholesky(a, md.order);
      const sets = eliminationSets(a, md.order);
      expect(symbolic.nonzeros).toBe(md.nonzeros);
      for (let p = 0; p < n; p++) {
        const column = Array.from(symbolic.rowIndices.subarray(symbolic.columnPointers[p]!, symbolic.columnPointers[p + 1]!));
        expect(column).toEqual(sets[p]!.map((v) => md.position[v]!).sort((x, y) => x - y));
        expect(md.columnCounts[p]).toBe(sets[p]!.length);
      }
    }
  });

  it('picks a least-degree vertex each time, the smallest index among ties, and repeats itself', () => {
    const n = 30;
    const { entries } = randomSparse(n, 45, 9);
    const a = fromEntries(n, new Float64Array(n), entries);
    const md = ordering(a);
    expect(Array.from(ordering(a).order)).toEqual(Array.from(md.order));
    // replay with Sets: at each step the chosen vertex has the least degree and the least index among those
    const adj = Array.from({ length: n }, (_, i) => new Set(row(a, i)));
    const alive = new Set(Array.from({ length: n }, (_, i) => i));
    for (let p = 0; p < n; p++) {
      let best = -1;
      for (const v of alive) if (best === -1 || adj[v]!.size < adj[best]!.size || (adj[v]!.size === adj[best]!.size && v < best)) best = v;
      expect(md.order[p]).toBe(best);
      const nv = [...adj[best]!];
      for (const u of nv) {
        adj[u]!.delete(best);
        for (const w of nv) if (w !== u) adj[u]!.add(w);
      }
      alive.delete(best);
    }
  });

  it('fills a 2-D grid far less than the natural order', () => {
    const a = fromEntries(900, new Float64Array(900).fill(4), grid(30, 30));
    const md = ordering(a);
    const natural = symbolicCholesky(a, identity(900));
    const minimum = symbolicCholesky(a, md.order);
    // natural order: a band of width 30 fills completely, about 30·900 entries
    expect(natural.nonzeros).toBeGreaterThan(25_000);
    expect(minimum.nonzeros).toBeLessThan(0.5 * natural.nonzeros); // 10 351 against 27 029
  });

  it('gives up beyond maxNonzeros or maxFlops, and counts both as the symbolic factorisation does', () => {
    const a = fromEntries(900, new Float64Array(900).fill(4), grid(30, 30));
    const { nonzeros, flops, order } = ordering(a);
    const symbolic = symbolicCholesky(a, order);
    expect(symbolic.flops).toBe(flops);
    expect(symbolic.nonzeros).toBe(nonzeros);
    expect('stopped' in minimumDegreeOrdering(a, { maxNonzeros: nonzeros, maxFlops: flops })).toBe(false);
    expect(minimumDegreeOrdering(a, { maxNonzeros: nonzeros - 1 })).toMatchObject({ stopped: 'nonzeros' });
    const stopped = minimumDegreeOrdering(a, { maxFlops: flops - 1 });
    expect(stopped).toMatchObject({ stopped: 'flops' });
    expect(minimumDegreeOrdering(a, { maxFlops: flops / 2 })).toMatchObject({ stopped: 'flops' });
  });
});

describe('sparseCholesky', () => {
  it('agrees with the dense Cholesky on random sparse definite and indefinite matrices', () => {
    let definite = 0;
    let indefinite = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const n = 8 + (seed % 25);
      const { entries, dense } = randomSparse(n, Math.floor(1.5 * n), 100 + seed);
      const lambdaMin = symmetricEigen(dense, n).values[0]!;
      // shift the diagonal so that λ_min lands at ±(1e-3 … 1): both outcomes, away from the boundary
      const target = (seed % 2 === 0 ? 1 : -1) * 10 ** -(seed % 4);
      const diagonal = new Float64Array(n).fill(target - lambdaMin);
      const a = fromEntries(n, diagonal, entries);
      const md = ordering(a);
      const f = sparseCholesky(a, symbolicCholesky(a, md.order));
      expect(f.positiveDefinite).toBe(isPositiveDefinite(toDense(a), n));
      expect(f.positiveDefinite).toBe(target > 0);
      if (f.positiveDefinite) definite++;
      else indefinite++;
      expect(f.failedAt === -1).toBe(f.positiveDefinite);
    }
    expect(definite).toBe(30);
    expect(indefinite).toBe(30);
  });

  it('reproduces P A Pᵀ = L Lᵀ to 1e-12, in the minimum-degree and the natural order', () => {
    for (const seed of [3, 4, 5]) {
      const n = 50;
      const { entries } = randomSparse(n, 90, seed);
      const diagonal = new Float64Array(n);
      for (const [i, j, w] of entries) {
        diagonal[i] = diagonal[i]! + Math.abs(w);
        diagonal[j] = diagonal[j]! + Math.abs(w);
      }
      for (let i = 0; i < n; i++) diagonal[i] = diagonal[i]! + 0.1;
      const a = fromEntries(n, diagonal, entries);
      const dense = toDense(a);
      for (const order of [ordering(a).order, identity(n)]) {
        const symbolic = symbolicCholesky(a, order);
        const f = sparseCholesky(a, symbolic);
        expect(f.positiveDefinite).toBe(true);
        const l = new Float64Array(n * n);
        for (let j = 0; j < n; j++) {
          l[j * n + j] = f.diagonal[j]!;
          for (let q = symbolic.columnPointers[j]!; q < symbolic.columnPointers[j + 1]!; q++) l[symbolic.rowIndices[q]! * n + j] = f.values[q]!;
        }
        let diff = 0;
        let norm = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += l[i * n + k]! * l[j * n + k]!;
            const want = dense[order[i]! * n + order[j]!]!;
            diff += (s - want) ** 2;
            norm += want ** 2;
          }
        }
        expect(Math.sqrt(diff / norm)).toBeLessThan(1e-12);
        // and solves A x = b in the original numbering
        const b = Float64Array.from({ length: n }, (_, i) => Math.cos(3 * i));
        const x = sparseCholeskySolve(f, symbolic, b);
        const ax = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => dense[i * n + j]! * x[j]!).reduce((p, q) => p + q, 0));
        expect(relativeError(ax, b)).toBeLessThan(1e-12);
      }
    }
  });

  it('rejects exactly singular and indefinite matrices', () => {
    // the path Laplacian is singular (L·1 = 0); minus a little it is indefinite
    const n = 20;
    const entries = Array.from({ length: n - 1 }, (_, i) => [i, i + 1, -1] as [number, number, number]);
    const degree = Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? 1 : 2));
    const laplacian = fromEntries(n, degree, entries);
    const symbolic = symbolicCholesky(laplacian, identity(n));
    const singular = sparseCholesky(laplacian, symbolic);
    expect(singular.positiveDefinite).toBe(false);
    expect(singular.failedAt).toBe(n - 1);
    expect(() => sparseCholeskySolve(singular, symbolic, new Float64Array(n))).toThrow(/stopped at position 19/);
    expect(sparseCholesky(fromEntries(n, degree.map((d) => d - 1e-9), entries), symbolic).positiveDefinite).toBe(false);
    expect(sparseCholesky(fromEntries(n, degree.map((d) => d + 1e-9), entries), symbolic).positiveDefinite).toBe(true);
    expect(sparseCholesky(fromEntries(2, [1, 1], [[0, 1, 1]]), symbolicCholesky(fromEntries(2, [1, 1], [[0, 1, 1]]), [1, 0])).positiveDefinite).toBe(false);
    expect(sparseCholesky(fromEntries(1, [0], []), symbolicCholesky(fromEntries(1, [0], []), [0])).positiveDefinite).toBe(false);
  });

  it('reuses a workspace across factorisations with different diagonals', () => {
    const a = fromEntries(400, new Float64Array(400).fill(4), grid(20, 20));
    const symbolic = symbolicCholesky(a, ordering(a).order);
    const workspace = sparseCholeskyWorkspace(symbolic);
    // 4I − adjacency of the 20 × 20 grid: λ_min = 4 − 4cos(π/21)
    const lambdaMin = 4 - 4 * Math.cos(Math.PI / 21);
    const at = (shift: number) => sparseCholesky({ ...a, diagonal: new Float64Array(400).fill(4 - shift) }, symbolic, workspace).positiveDefinite;
    expect(at(lambdaMin - 1e-9)).toBe(true);
    expect(at(lambdaMin + 1e-9)).toBe(false);
    expect(at(lambdaMin - 1e-9)).toBe(true);
    expect(at(5)).toBe(false);
    expect(at(0)).toBe(true);
  });

  it('counts the nonzeros of L by column and by row', () => {
    // a star whose centre goes last: columns of 2, the last row full
    const n = 12;
    const star = fromEntries(n, new Float64Array(n).fill(n), Array.from({ length: n - 1 }, (_, i) => [0, i + 1, 1] as [number, number, number]));
    const order = Int32Array.from([...Array.from({ length: n - 1 }, (_, i) => i + 1), 0]);
    const s = symbolicCholesky(star, order);
    expect(s.maxColumnCount).toBe(2);
    expect(s.maxRowCount).toBe(n);
    expect(s.nonzeros).toBe(2 * n - 1);
    const f = sparseCholesky(star, s);
    expect(f.positiveDefinite).toBe(true);
    expect(f.maxRowCount).toBe(n);
  });

  it('refuses bad input, naming the value', () => {
    const a = fromEntries(3, [2, 2, 2], [[0, 1, -1], [1, 2, -1]]);
    const s = symbolicCholesky(a, identity(3));
    expect(() => sparseCholesky({ ...a, diagonal: [2, NaN, 2] }, s)).toThrow(/diagonal\[1\] is NaN/);
    expect(() => sparseCholesky({ ...a, values: Float64Array.from([-1, -1, Infinity, -1]) }, s)).toThrow(/values\[2\] .* is Infinity/);
    expect(() => sparseCholesky({ ...a, diagonal: [2, 2] }, s)).toThrow(/diagonal has 2 entries; n = 3/);
    expect(() => sparseCholesky({ ...a, values: Float64Array.from([-1, -1, -1]) }, s)).toThrow(/values has 3 entries/);
    expect(() => sparseCholesky({ ...a, values: Float64Array.from([-1, -0.5, -1, -1]) }, s)).toThrow(/must be symmetric/);
    expect(() => minimumDegreeOrdering({ n: 3, offsets: [0, 1, 1, 1], neighbors: [2] })).toThrow(/no mirror|column 0 has/);
    expect(() => minimumDegreeOrdering({ n: 2, offsets: [0, 1, 2], neighbors: [0, 0] })).toThrow(/neighbors\[0\] = 0 is the diagonal of row 0/);
    expect(() => minimumDegreeOrdering({ n: 2, offsets: [0, 1], neighbors: [1] })).toThrow(/offsets has 2 entries; n = 2 needs n \+ 1 = 3/);
    expect(() => minimumDegreeOrdering({ n: 2, offsets: [0, 1, 2], neighbors: [5, 0] })).toThrow(/neighbors\[0\] = 5/);
    expect(() => minimumDegreeOrdering({ n: 2, offsets: [0, 2, 4], neighbors: [1, 1, 0, 0] })).toThrow(/lists column 1 twice/);
    expect(() => minimumDegreeOrdering({ n: NaN, offsets: [0], neighbors: [] })).toThrow(/n must be a non-negative integer \(got NaN\)/);
    expect(() => symbolicCholesky(a, [0, 0, 2])).toThrow(/order\[1\] = 0 repeats/);
    expect(() => symbolicCholesky(a, [0, 1])).toThrow(/order has 2 entries/);
    const other = symbolicCholesky(fromEntries(3, [2, 2, 2], [[0, 1, -1]]), identity(3));
    expect(() => sparseCholesky(a, other)).toThrow(/outside the symbolic structure/);
  });
});

describe('sparseCholeskyBackwardError', () => {
  it('is 2(r+1)·n·u·max diag and the dense bound when r = n', () => {
    expect(sparseCholeskyBackwardError(30, 1000, 4)).toBeCloseTo(2 * 31 * 1000 * 2 ** -53 * 4, 25);
    expect(sparseCholeskyBackwardError(1000, 1000, 4)).toBe(choleskyBackwardError(1000, 4));
  });

  it('proves λ_min ≥ t − margin at the largest shift t the factorisation accepts', () => {
    for (const seed of [21, 22, 23, 24]) {
      const n = 60;
      const { entries, dense } = randomSparse(n, 100, seed);
      const lambdaMin = symmetricEigen(dense, n).values[0]!;
      const base = fromEntries(n, new Float64Array(n), entries);
      const symbolic = symbolicCholesky(base, ordering(base).order);
      const workspace = sparseCholeskyWorkspace(symbolic);
      const factorise = (t: number) => sparseCholesky({ ...base, diagonal: new Float64Array(n).fill(-t) }, symbolic, workspace);
      let low = lambdaMin - 1;
      let high = lambdaMin + 1;
      for (let step = 0; step < 60; step++) {
        const mid = (low + high) / 2;
        if (factorise(mid).positiveDefinite) low = mid;
        else high = mid;
      }
      const f = factorise(low);
      expect(f.positiveDefinite).toBe(true);
      expect(low - sparseCholeskyBackwardError(f.maxRowCount, n, f.maxDiagonal)).toBeLessThanOrEqual(lambdaMin);
      expect(low).toBeGreaterThan(lambdaMin - 1e-12);
    }
  });
});
