import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir, DATA_DIR_MISSING } from '@derand/core/node';
import { isDerandError, InputError } from '@derand/registry';
import { keyFromSeed, randomBits } from '@derand/core';
import { parseRudy } from './read-rudy.js';
import { parsePartition } from './partition.js';
import { cutValue } from '../cut/cut-value.js';

const dir = dataDir();

function issuesOf(text: string): string[] {
  try {
    parseRudy(text, { name: 'g.txt' });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).issues.map((i) => `${i.where}: ${i.message}`);
  }
  throw new Error('expected an InputError');
}

describe('parseRudy', () => {
  it('reads n m and 1-based weighted edges, with blank lines, comments and a trailing header space', () => {
    const g = parseRudy('4 3 \n# comment\n1 2 1\n\n2 3 -1\r\n4 1 2.5\n', { name: 'g.txt' });
    expect([g.n, g.m, g.totalWeight]).toEqual([4, 3, 2.5]);
    expect(Array.from(g.from)).toEqual([0, 1, 0]);
    expect(Array.from(g.to)).toEqual([1, 2, 3]);
    expect(Array.from(g.weight)).toEqual([1, -1, 2.5]);
    expect(Array.from(g.degree)).toEqual([3.5, 0, -1, 2.5]);
    expect(g.integerWeights).toBe(false);
  });

  it('collects every problem with file:line and the fix', () => {
    const issues = issuesOf('3 5\n1 2 1\n0 2 1\n1 x 1\n2 3 one\n1 2 3 4\n');
    expect(issues).toEqual([
      expect.stringMatching(/^g\.txt:3: vertex "0" is not an integer in 1…3 \(rudy indices are 1-based\)/),
      expect.stringMatching(/^g\.txt:4: vertex "x"/),
      expect.stringMatching(/^g\.txt:5: weight "one" is not a finite number/),
      expect.stringMatching(/^g\.txt:6: expected 'i j w' \(3 numbers\), found 4 fields/),
    ]);
    expect(issuesOf('3 3\n1 2 1\n2 3 1\n')).toEqual([expect.stringMatching(/^g\.txt:1: the header announces 3 edges but the file has 2 edge lines/)]);
    expect(issuesOf('')).toEqual([expect.stringMatching(/the file is empty/)]);
    expect(issuesOf('3\n1 2 1\n')).toEqual([expect.stringMatching(/^g\.txt:1: expected the header 'n m'/)]);
    expect(issuesOf('2 1\n1 2 inf\n')).toEqual([expect.stringMatching(/weight "inf" is not a finite number/)]);
    expect(issuesOf('1e3 1\n1 2 1\n')).toEqual([expect.stringMatching(/expected the header/)]);
  });

  it('applies the duplicate and self-loop policies', () => {
    expect(() => parseRudy('3 2\n1 2 1\n2 1 1\n', { name: 'g.txt' })).toThrow(/g\.txt:3: edge 0–1 appears again \(first at g\.txt:2\)/);
    const summed = parseRudy('3 2\n1 2 1\n2 1 2\n', { name: 'g.txt', duplicates: 'sum' });
    expect([summed.m, summed.weight[0], summed.notes.duplicatesMerged]).toEqual([1, 3, 1]);
    const first = parseRudy('3 2\n1 2 1\n2 1 2\n', { name: 'g.txt', duplicates: 'first' });
    expect([first.m, first.weight[0]]).toEqual([1, 1]);
    const loops = parseRudy('3 2\n1 1 5\n2 3 1\n', { name: 'g.txt' });
    expect([loops.m, loops.notes.selfLoopsDropped, loops.totalWeight]).toEqual([1, 1, 1]);
    expect(() => parseRudy('3 2\n1 1 5\n2 3 1\n', { name: 'g.txt', selfLoops: 'error' })).toThrow(/g\.txt:2: self-loop on vertex 0/);
  });

  it('never crashes, hangs or returns an inconsistent graph on mutated input (fuzz)', () => {
    const valid = '6 7\n1 2 1\n2 3 -1\n3 4 1\n4 5 2\n5 6 1\n6 1 1\n1 4 -3\n';
    const alphabet = '0123456789 -+.e\n\tx#,';
    const bits = randomBits(keyFromSeed(77), 40_000);
    let k = 0;
    const next = (n: number): number => Math.floor(((bits[k++ % bits.length] ?? 0) / 2 ** 32) * n);
    let parsed = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const chars = valid.split('');
      for (let edits = 1 + next(4); edits > 0; edits--) {
        const at = next(chars.length + 1);
        const op = next(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, alphabet[next(alphabet.length)]!);
        else chars[at] = alphabet[next(alphabet.length)]!;
      }
      const text = chars.join('');
      try {
        const g = parseRudy(text, { name: 'fuzz.txt' });
        parsed += 1;
        // a graph that parses is consistent with its own edge list
        expect(g.offsets[g.n]).toBe(2 * g.m);
        for (let e = 0; e < g.m; e++) {
          expect(g.from[e]!).toBeLessThan(g.to[e]!);
          expect(g.to[e]!).toBeLessThan(g.n);
          expect(Number.isFinite(g.weight[e]!)).toBe(true);
        }
      } catch (error) {
        expect(isDerandError(error), `${String(error)}\n--- input ---\n${text}`).toBe(true);
        expect((error as Error).message).toMatch(/fuzz\.txt/);
      }
    }
    expect(parsed).toBeGreaterThan(0);
  });

  it('parses every Gset file and each certificate cut evaluates to its listed value', (context) => {
    if (dir === undefined) return context.skip(DATA_DIR_MISSING);
    const gset = join(dir!, 'gset');
    const rows = readFileSync(join(gset, 'certificate-cuts.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    const best = new Map(readFileSync(join(gset, 'best-known.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')).map((c) => [c[0]!, c]));
    expect(rows.length).toBe(42);
    for (const row of rows) {
      const [graph, n, value, file] = row.split(',');
      const g = parseRudy(readFileSync(join(gset, `${graph}.txt`), 'utf8'), { name: `${graph}.txt` });
      expect(g.n, graph).toBe(Number(n));
      expect(g.m, graph).toBe(Number(best.get(graph!)![2]));
      const path = join(gset, file!);
      expect(existsSync(path), path).toBe(true);
      const sides = parsePartition(readFileSync(path, 'utf8'), g.n, file!);
      expect(cutValue(g, sides), graph).toBe(Number(value));
    }
  }, 60_000);

  it('reads every Biq Mac rudy instance with the listed size', (context) => {
    if (dir === undefined) return context.skip(DATA_DIR_MISSING);
    const small = join(dir!, 'maxcut-small');
    const rows = readFileSync(join(small, 'optimal-values.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    expect(rows.length).toBe(131);
    for (const [instance, file, n, m] of rows) {
      const g = parseRudy(readFileSync(join(small, file!), 'utf8'), { name: instance! });
      expect([g.n, g.m], instance).toEqual([Number(n), Number(m)]);
    }
  });
});
