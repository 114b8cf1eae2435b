import { describe, expect, it } from 'vitest';
import { foldIn, keyFromSeed } from '@derand/core';
import { fixture } from '../../test/fixtures.js';
import { solveSdp } from '../sdp/mixing-method.js';
import { cutValue } from '../cut/cut-value.js';
import { bestOfHyperplanes, gwExpectedCut } from './hyperplane.js';

describe('Goemans–Williamson rounding', () => {
  const g = fixture('g05_60.0');
  const sdp = solveSdp(g, { key: keyFromSeed(1) });

  it('the exact expected cut agrees with the mean of many hyperplanes (within 4 standard errors)', () => {
    const expected = gwExpectedCut(g, sdp);
    const many = bestOfHyperplanes(g, sdp, 4000, keyFromSeed(2));
    const sd = Math.sqrt(many.values.reduce((s, v) => s + (v - many.mean) ** 2, 0) / (many.count - 1));
    expect(Math.abs(many.mean - expected)).toBeLessThan((4 * sd) / Math.sqrt(many.count));
    // the GW guarantee: E[cut] ≥ 0.878·SDP for non-negative weights
    expect(expected).toBeGreaterThanOrEqual(0.878 * sdp.value);
  });

  it('returns the best cut with its sides, reproducibly from the key', () => {
    const a = bestOfHyperplanes(g, sdp, 100, foldIn(keyFromSeed(3), 'x'));
    const b = bestOfHyperplanes(g, sdp, 100, foldIn(keyFromSeed(3), 'x'));
    expect(a.best).toBe(Math.max(...a.values));
    expect(cutValue(g, a.sides)).toBe(a.best);
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(a.best).toBeGreaterThanOrEqual(a.mean);
  });
});
