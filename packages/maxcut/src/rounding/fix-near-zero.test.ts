import { describe, expect, it } from 'vitest';
import { keyFromSeed, sampleNormal } from '@derand/core';
import { randomGraph } from '../graph/generate.js';
import { cutValue, signSides } from '../cut/cut-value.js';
import { fixNearZero } from './fix-near-zero.js';
import { normalCdf } from './normal-distribution.js';

describe('fixNearZero', () => {
  const g = randomGraph({ n: 40, m: 150, key: keyFromSeed(8), weights: 'plus-minus-one' });
  const scales = new Float64Array(40).fill(0.1);

  it('never increases the expected same-side weight, and its cut is at least the expected cut', () => {
    for (const seed of [1, 2, 3]) {
      const mu = sampleNormal(keyFromSeed(seed), 40, 0, 0.1);
      const r = fixNearZero(g, mu, scales, 2);
      expect(r.sameSideAfter).toBeLessThanOrEqual(r.sameSideBefore + 1e-12);
      // after fixing, near-zero vertices are deterministic; the rest are decided (|μ|/s ≥ 2)
      const expectedCutBefore = g.totalWeight - r.sameSideBefore;
      let expectedOfDecided = 0;
      for (let e = 0; e < g.m; e++) {
        const pi = r.sides[g.from[e]!] === 1 ? 1 : 0;
        const pj = r.sides[g.to[e]!] === 1 ? 1 : 0;
        expectedOfDecided += g.weight[e]! * (pi * (1 - pj) + pj * (1 - pi));
      }
      expect(expectedOfDecided).toBe(cutValue(g, r.sides));
      expect(r.fixed).toBeGreaterThan(0);
      expect(g.totalWeight - r.sameSideAfter).toBeGreaterThanOrEqual(expectedCutBefore - 1e-12);
    }
  });

  it('leaves decided vertices at sign(μ) and fixes nothing when every mean is far from zero', () => {
    const mu = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const r = fixNearZero(g, mu, scales, 2);
    expect(r.fixed).toBe(0);
    expect(Array.from(r.sides)).toEqual(Array.from(signSides(mu)));
    expect(normalCdf(10)).toBe(1);
  });
});
