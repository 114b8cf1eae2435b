import { describe, expect, it } from 'vitest';
import { keyFromSeed, sampleNormal } from '@derand/core';
import { randomGraph } from '../graph/generate.js';
import { cutValue, flipGains, signSides } from '../cut/cut-value.js';
import { oneFlip } from './one-flip.js';

describe('oneFlip', () => {
  it('ends 1-flip optimal (no positive gain) and never lowers the cut', () => {
    for (const seed of [1, 2, 3, 4]) {
      const g = randomGraph({ n: 60, m: 400, key: keyFromSeed(seed), weights: seed % 2 === 0 ? 'plus-minus-one' : 'unit' });
      const start = signSides(sampleNormal(keyFromSeed(seed + 10), 60));
      const r = oneFlip(g, start);
      expect(r.cut).toBe(cutValue(g, r.sides));
      expect(r.cut).toBeGreaterThanOrEqual(cutValue(g, start));
      expect(Math.max(...flipGains(g, r.sides))).toBeLessThanOrEqual(0);
      expect(Array.from(start)).toEqual(Array.from(signSides(sampleNormal(keyFromSeed(seed + 10), 60)))); // input untouched
    }
  });
});
