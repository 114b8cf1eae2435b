import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { symmetricEigen } from '@derand/core/linalg';
import { randomGraph } from '../graph/generate.js';
import { maxcutByEnumeration } from '../exact/gray-code.js';
import { fixture } from '../../test/fixtures.js';
import { certifyUpperBound } from './dual-bound.js';
import { solveSdp } from './mixing-method.js';

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

  it('reports an unverified Lanczos estimate above the verification limit', () => {
    const g = fixture('g05_60.0');
    const bound = certifyUpperBound(g, solveSdp(g, { key: keyFromSeed(1) }), { verifyLimit: 10 });
    expect(bound.verified).toBe(false);
    expect(bound.method).toBe('lanczos');
    expect(bound.value).toBeGreaterThanOrEqual(536);
  });
});
