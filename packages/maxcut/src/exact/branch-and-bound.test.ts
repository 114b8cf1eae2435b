import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { DATA_DIR_MISSING, dataDir } from '@derand/core/node';
import { randomGraph } from '../graph/generate.js';
import { cutValue } from '../cut/cut-value.js';
import { parseRudy } from '../graph/read-rudy.js';
import { sidesFromSet } from '../graph/partition.js';
import { FIXTURE_OPTIMA, fixture } from '../../test/fixtures.js';
import { maxcutByEnumeration } from './gray-code.js';
import { branchAndBound } from './branch-and-bound.js';

const dir = dataDir();

describe('branchAndBound', () => {
  it('matches enumeration on random graphs too large to enumerate at the root', () => {
    for (const seed of [1, 2]) {
      const g = randomGraph({ n: 24, m: 120, key: keyFromSeed(seed), weights: 'plus-minus-one' });
      const r = branchAndBound(g, { enumerateBelow: 12 });
      expect(r.proven).toBe(true);
      expect(r.cut).toBe(maxcutByEnumeration(g).cut);
      expect(cutValue(g, r.sides)).toBe(r.cut);
      expect(r.rootBound).toBeGreaterThanOrEqual(r.cut);
    }
  });

  it('proves the Biq Mac optimum of g05_60.5 (n = 60, beyond enumeration)', () => {
    const r = branchAndBound(fixture('g05_60.5'));
    expect(r.proven).toBe(true);
    expect(r.cut).toBe(FIXTURE_OPTIMA['g05_60.5']);
  });

  it('stops unproven at its node budget, keeping the incumbent', () => {
    const r = branchAndBound(fixture('g05_60.0'), { maxNodes: 3 });
    expect(r.proven).toBe(false);
    expect(r.nodes).toBe(3);
    expect(r.cut).toBeLessThanOrEqual(FIXTURE_OPTIMA['g05_60.0']);
  });

  it('the given optimal partitions of g05_60.* evaluate to the proven optima', (context) => {
    if (dir === undefined) return context.skip(DATA_DIR_MISSING);
    const small = join(dir!, 'maxcut-small');
    const rows = readFileSync(join(small, 'g05_60-optimal-partitions.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    expect(rows.length).toBe(10);
    for (const row of rows) {
      const [instance, optimum, members] = row.split(',');
      const g = parseRudy(readFileSync(join(small, 'biqmac-rudy', `${instance}.txt`), 'utf8'), { name: instance! });
      expect(cutValue(g, sidesFromSet(g.n, members!.trim().split(/\s+/).map(Number))), instance).toBe(Number(optimum));
    }
  });
});
