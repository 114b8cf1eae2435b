import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { randomGraph } from '../graph/generate.js';
import { cutValue, flipGains, signSides } from './cut-value.js';

describe('cut values', () => {
  const g = randomGraph({ n: 12, m: 30, key: keyFromSeed(4), weights: 'plus-minus-one' });

  it('counts the weight of edges across, by definition', () => {
    const sides = Int8Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 1 : -1));
    let expected = 0;
    for (let e = 0; e < g.m; e++) expected += sides[g.from[e]!] !== sides[g.to[e]!] ? g.weight[e]! : 0;
    expect(cutValue(g, sides)).toBe(expected);
    expect(cutValue(g, Int8Array.from(sides, (x) => -x))).toBe(expected);
    expect(cutValue(g, new Int8Array(12).fill(1))).toBe(0);
  });

  it('gains equal the change of the cut when one vertex flips', () => {
    const sides = signSides(Array.from({ length: 12 }, (_, i) => Math.sin(i)));
    const base = cutValue(g, sides);
    const gains = flipGains(g, sides);
    for (let i = 0; i < 12; i++) {
      const flipped = sides.slice();
      flipped[i] = -flipped[i]! as 1 | -1;
      expect(cutValue(g, flipped) - base).toBeCloseTo(gains[i]!, 12);
    }
  });

  it('rejects sides of the wrong length or value', () => {
    expect(() => cutValue(g, new Int8Array(3).fill(1))).toThrow(/needs 12 sides, got 3/);
    expect(() => cutValue(g, new Int8Array(12))).toThrow(/Side of vertex 0 is 0/);
  });
});
