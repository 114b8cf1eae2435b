import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { randomGraph } from '../graph/generate.js';
import { cutValue } from '../cut/cut-value.js';
import { maxcutByEnumeration } from '../exact/gray-code.js';
import { breakoutLocalSearch } from './breakout-local-search.js';
import { FIXTURE_OPTIMA, fixture } from '../../test/fixtures.js';

describe('breakoutLocalSearch', () => {
  it('finds the optimum of small random graphs (checked by enumeration)', () => {
    for (const seed of [1, 2, 3]) {
      const g = randomGraph({ n: 20, m: 70, key: keyFromSeed(seed), weights: 'plus-minus-one' });
      const r = breakoutLocalSearch(g, new Int8Array(20).fill(1), { key: keyFromSeed(seed), maxRounds: 2000 });
      expect(r.cut).toBe(maxcutByEnumeration(g).cut);
      expect(cutValue(g, r.sides)).toBe(r.cut);
    }
  });

  it('is reproducible with a round budget and stops at a target', () => {
    const g = fixture('g05_60.0');
    const run = () => breakoutLocalSearch(g, new Int8Array(g.n).fill(1), { key: keyFromSeed(5), maxRounds: 300 });
    expect(Array.from(run().sides)).toEqual(Array.from(run().sides));
    const target = breakoutLocalSearch(g, new Int8Array(g.n).fill(1), { key: keyFromSeed(5), maxSeconds: 20, target: FIXTURE_OPTIMA['g05_60.0'] });
    expect(target.cut).toBe(FIXTURE_OPTIMA['g05_60.0']);
  });
});
