import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { symmetricEigen } from '@derand/core/linalg';
import { randomGraph, toroidalGrid } from '../graph/generate.js';
import type { Graph } from '../graph/graph.js';
import { maxcutByEnumeration } from '../exact/gray-code.js';
import { fixture } from '../../test/fixtures.js';
import { certifyUpperBound } from './dual-bound.js';
import { solveSdp, type SdpSolution } from './mixing-method.js';

/** λ_min of S = (A − Diag(v_i·g_i))/4 by the dense Jacobi eigensolver (small n). */
function lambdaMinOfS(g: Graph, sdp: SdpSolution): number {
  const { n } = g;
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) {
      const j = g.neighbors[k]!;
      s[i * n + j] = g.neighborWeight[k]! / 4;
      let dot = 0;
      for (let t = 0; t < sdp.rank; t++) dot += sdp.vectors[i * sdp.rank + t]! * sdp.vectors[j * sdp.rank + t]!;
      c += g.neighborWeight[k]! * dot;
    }
    s[i * n + i] = -c / 4;
  }
  return symmetricEigen(s, n).values[0]!;
}

describe('certifyUpperBound', () => {
  it('bounds the exact optimum from above and the SDP value it certifies', () => {
    for (const seed of [1, 2, 3]) {
      const g = randomGraph({ n: 16, m: 50, key: keyFromSeed(seed), weights: 'plus-minus-one' });
      const sdp = solveSdp(g, { key: keyFromSeed(seed) });
      const bound = certifyUpperBound(g, sdp);
      const opt = maxcutByEnumeration(g).cut;
      expect(bound.verified).toBe(true);
      expect(bound.method).toBe('lanczos+cholesky');
      expect(bound.value).toBeGreaterThanOrEqual(sdp.value - 1e-9);
      expect(bound.value).toBeGreaterThanOrEqual(opt);
      expect(bound.dualSum).toBeCloseTo(sdp.value, 9);
      expect((bound.value - sdp.value) / sdp.value).toBeLessThan(1e-4);
    }
  });

  it('uses λ_min of S = (A − Diag(v_i·g_i))/4, checked against a dense eigensolver', () => {
    const g = fixture('paper-g15');
    const sdp = solveSdp(g, { key: keyFromSeed(5), maxSweeps: 8 }); // deliberately unconverged
    const bound = certifyUpperBound(g, sdp);
    const { n } = g;
    const s = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let e = 0; e < g.m; e++) s[g.from[e]!]![g.to[e]!] = s[g.to[e]!]![g.from[e]!] = g.weight[e]! / 4;
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) {
        const j = g.neighbors[k]!;
        let dot = 0;
        for (let t = 0; t < sdp.rank; t++) dot += sdp.vectors[i * sdp.rank + t]! * sdp.vectors[j * sdp.rank + t]!;
        c += g.neighborWeight[k]! * dot;
      }
      s[i]![i] = -c / 4;
    }
    const lambdaMin = Math.min(...symmetricEigen(s).values);
    expect(bound.ritzValue).toBeCloseTo(lambdaMin, 8);
    expect(bound.shift).toBeLessThanOrEqual(lambdaMin);
    expect(bound.value).toBeCloseTo(bound.dualSum - n * bound.shift, 9);
    expect(bound.value).toBeGreaterThanOrEqual(41);
  });

  it('verifies by a sparse factorisation above verifyLimit: the same bound as the dense one, above the optimum and the SDP value', () => {
    for (const seed of [1, 2, 3, 4]) {
      const g = randomGraph({ n: 18, m: 40, key: keyFromSeed(seed), weights: seed % 2 === 0 ? 'plus-minus-one' : 'unit' });
      // deliberately unconverged for two seeds, so that λ_min(S) < 0 and the shift matters
      const sdp = solveSdp(g, { key: keyFromSeed(seed), ...(seed > 2 ? { maxSweeps: 5 } : {}) });
      const sparse = certifyUpperBound(g, sdp, { verifyLimit: 1 });
      const dense = certifyUpperBound(g, sdp);
      expect(sparse.verified).toBe(true);
      expect(sparse.method).toBe('lanczos+sparse-cholesky');
      expect(dense.method).toBe('lanczos+cholesky');
      expect(sparse.value).toBeGreaterThanOrEqual(maxcutByEnumeration(g).cut);
      expect(sparse.value).toBeGreaterThanOrEqual(sdp.value - 1e-9);
      expect(Math.abs(sparse.value - dense.value) / dense.value).toBeLessThan(1e-6);
      // the proven shift is below λ_min (a dense eigensolver) and close to it
      const lambdaMin = lambdaMinOfS(g, sdp);
      expect(sparse.shift).toBeLessThanOrEqual(lambdaMin);
      expect(g.n * (lambdaMin - sparse.shift)).toBeLessThan(1e-6 * sparse.value);
      expect(sparse.verification.factorNonzeros).toBeGreaterThanOrEqual(g.n + g.m);
      expect(sparse.verification.maxColumnCount).toBeGreaterThan(1);
      expect(sparse.verification.maxRowCount).toBeGreaterThan(1);
      expect(sparse.verification.factorisations).toBeGreaterThanOrEqual(1);
    }
  });

  it('verifies a 600-vertex torus sparsely, as tight as the dense factorisation', () => {
    const g = toroidalGrid({ rows: 20, cols: 30, key: keyFromSeed(4) });
    const sdp = solveSdp(g, { key: keyFromSeed(4), maxSweeps: 200 });
    const sparse = certifyUpperBound(g, sdp, { verifyLimit: 1 });
    const dense = certifyUpperBound(g, sdp);
    expect(sparse.verified).toBe(true);
    expect(sparse.method).toBe('lanczos+sparse-cholesky');
    expect(sparse.value).toBeGreaterThanOrEqual(sdp.value);
    expect(Math.abs(sparse.value - dense.value) / dense.value).toBeLessThan(1e-6);
    // at 200 sweeps the first shift θ − 2ε leaves room: both paths sharpen it by shift and invert, each with one more factorisation
    expect(sparse.verification.inverseRounds).toBe(1);
    expect(dense.verification.inverseRounds).toBe(1);
    expect(sparse.verification.factorisations).toBe(2);
    // minimum degree on a 2-D torus: far less fill than the n²/2 of a dense factor
    expect(sparse.verification.factorNonzeros).toBeLessThan(20 * g.n);
  });

  it('reports an unverified Lanczos estimate above both verification limits or beyond the fill cap', () => {
    const g = fixture('g05_60.0');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const above = certifyUpperBound(g, sdp, { verifyLimit: 10, sparseVerifyLimit: 10 });
    expect(above.verified).toBe(false);
    expect(above.method).toBe('lanczos');
    expect(above.verification.unverifiedBecause).toMatch(/n = 60 is above sparseVerifyLimit = 10/);
    expect(above.value).toBeGreaterThanOrEqual(536);
    const capped = certifyUpperBound(g, sdp, { verifyLimit: 10, maxFactorNonzeros: 100 });
    expect(capped.verified).toBe(false);
    expect(capped.verification.unverifiedBecause).toMatch(/more than maxFactorNonzeros = 100 entries/);
    const slow = certifyUpperBound(g, sdp, { verifyLimit: 10, maxFactorFlops: 1000 });
    expect(slow.verified).toBe(false);
    expect(slow.verification.unverifiedBecause).toMatch(/take more than maxFactorFlops = 1000 flops \(the minimum-degree ordering stopped after \d+ of 60 vertices\)/);
    const sparse = certifyUpperBound(g, sdp, { verifyLimit: 10 });
    expect(sparse.verified).toBe(true);
    expect(sparse.value).toBeGreaterThanOrEqual(536);
  });
});
