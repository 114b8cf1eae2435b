import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { randomGraph } from '../graph/generate.js';
import { cutValue } from '../cut/cut-value.js';
import { FIXTURE_OPTIMA, fixture } from '../../test/fixtures.js';
import { maxcutByEnumeration } from './gray-code.js';

/** Plain enumeration of every x ∈ {±1}ⁿ by the binary digits of k. */
function bruteForce(g: ReturnType<typeof randomGraph>): number {
  let best = -Infinity;
  for (let k = 0; k < 2 ** g.n; k++) best = Math.max(best, cutValue(g, Int8Array.from({ length: g.n }, (_, i) => ((k >> i) & 1 ? 1 : -1))));
  return best;
}

describe('maxcutByEnumeration', () => {
  it('agrees with plain enumeration on random weighted graphs', () => {
    for (const seed of [1, 2, 3]) {
      const g = randomGraph({ n: 11, m: 30, key: keyFromSeed(seed), weights: 'plus-minus-one' });
      const r = maxcutByEnumeration(g);
      expect(r.cut).toBe(bruteForce(g));
      expect(cutValue(g, r.sides)).toBe(r.cut);
      expect(r.examined).toBe(2 ** 10);
    }
  });

  it("reproduces the paper instance's optimum 41", () => {
    expect(maxcutByEnumeration(fixture('paper-g15')).cut).toBe(FIXTURE_OPTIMA['paper-g15']);
  });

  it('refuses graphs beyond the enumeration limit', () => {
    expect(() => maxcutByEnumeration(fixture('g05_60.0'))).toThrow(/limited to n ≤ 28/);
  });
});
