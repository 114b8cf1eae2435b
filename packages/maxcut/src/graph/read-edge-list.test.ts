import { describe, expect, it } from 'vitest';
import { InputError } from '@derand/registry';
import { parseEdgeList } from './read-edge-list.js';

const edges = (g: ReturnType<typeof parseEdgeList>): number[][] => Array.from(g.from, (f, e) => [f, g.to[e]!, g.weight[e]!]);

describe('parseEdgeList', () => {
  it('reads CSV with a header, TSV and whitespace, weighted or not', () => {
    const csv = parseEdgeList('source,target,weight\n0,1,2.5\n1,2,-1\n', { name: 'g.csv' });
    expect([csv.n, ...edges(csv)]).toEqual([3, [0, 1, 2.5], [1, 2, -1]]);
    const tsv = parseEdgeList('1\t2\n2\t3\n% comment\n// comment\n', { name: 'g.tsv' });
    expect([tsv.n, ...edges(tsv)]).toEqual([3, [0, 1, 1], [1, 2, 1]]);
    const spaces = parseEdgeList('  3 1   4\n', { name: 'g.txt', base: 1, n: 5 });
    expect([spaces.n, ...edges(spaces)]).toEqual([5, [0, 2, 4]]);
  });

  it('guesses the base from the indices, and honours an explicit base and n', () => {
    expect(parseEdgeList('0 1\n1 2\n', { name: 'a' }).n).toBe(3);
    expect(parseEdgeList('1 2\n2 3\n', { name: 'a' }).n).toBe(3);
    expect(parseEdgeList('1 2\n2 3\n', { name: 'a', base: 0 }).n).toBe(4);
    expect(() => parseEdgeList('0 1\n', { name: 'a', base: 1 })).toThrow(/a:1: vertex 0 in a 1-based list \(pass base 0/);
    expect(() => parseEdgeList('0 7\n', { name: 'a', n: 3 })).toThrow(/a:1: vertex 7 is outside the 3 vertices given/);
    // no 0 and the largest index is not the vertex count: either base is another graph, so it is asked for
    expect(() => parseEdgeList('1 5\n5 7\n', { name: 'gap.txt' })).toThrow(/gap\.txt: cannot tell whether the indices are 0- or 1-based[\s\S]*--base 0[\s\S]*--base 1/);
    expect(() => parseEdgeList('1 2\n', { name: 'a', n: 4 })).toThrow(/largest index 2 is not n = 4/);
    expect(parseEdgeList('1 2\n2 4\n', { name: 'a', n: 4 }).n).toBe(4);
    expect(parseEdgeList('1 5\n5 7\n', { name: 'gap.txt', base: 1 }).n).toBe(7);
  });

  it('lists malformed lines with their line numbers', () => {
    try {
      parseEdgeList('0,1\n1,2,3,4\n2,x\n-1,2\n3,4,NaN\n', { name: 'bad.csv' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues.map((i) => i.where)).toEqual(['bad.csv:2', 'bad.csv:3', 'bad.csv:4', 'bad.csv:5']);
    }
    // a first line mixing a number and a word is a bad edge, not a header to skip
    expect(() => parseEdgeList('1,x\n1,2\n2,3\n', { name: 'h.csv' })).toThrow(/h\.csv:1: vertex "x"/);
    expect(() => parseEdgeList('# nothing\n', { name: 'empty.txt' })).toThrow(/no edges found/);
  });

  it('rejects a list naming each edge in both directions unless asked to merge', () => {
    expect(() => parseEdgeList('0 1\n1 0\n', { name: 'sym.txt' })).toThrow(/sym\.txt:2: edge 0–1 appears again/);
    expect(parseEdgeList('0 1 2\n1 0 2\n', { name: 'sym.txt', duplicates: 'first' }).totalWeight).toBe(2);
  });
});
