import { describe, expect, it } from 'vitest';
import { detectGraphFormat, parseGraph } from './parse-graph.js';

describe('parseGraph', () => {
  it('detects the format from the content and the file name', () => {
    const format = (text: string, name: string): string | undefined => detectGraphFormat(text, name).format;
    expect(format('%%MatrixMarket matrix coordinate pattern symmetric\n2 2 1\n2 1\n', 'a')).toBe('matrix-market');
    expect(format('  {"n": 2, "edges": []}', 'a')).toBe('json');
    expect(format('3 2\n1 2 1\n2 3 1\n', 'G.txt')).toBe('rudy');
    expect(format('1 2\n2 3\n3 1\n', 'triangle.txt')).toBe('edge-list');
    expect(format('1 2 1\n2 3 1\n', 'weighted.txt')).toBe('edge-list');
    expect(format('0,1\n', 'x.csv')).toBe('edge-list');
    expect(format('0 1\n', 'x.csv.gz')).toBe('edge-list');
    expect(format('%%MatrixMarket matrix coordinate pattern symmetric\n2 2 1\n2 1\n', 'a.txt')).toBe('matrix-market');
    expect(parseGraph('3 2\n1 2 1\n2 3 1\n', { name: 'x.txt' }).n).toBe(3);
    // forced format: read as an edge list, the header '3 2' is the edge 3–2, summed with 2–3
    const forced = parseGraph('3 2\n1 2 1\n2 3 1\n', { name: 'x.txt', format: 'edge-list', duplicates: 'sum' });
    expect([forced.m, forced.totalWeight]).toEqual([2, 3]);
  });

  it('refuses to guess when the first line is a rudy header the file disagrees with', () => {
    // a truncated Gset file: 'n m' then fewer than m edges; read as an edge list it would be another graph
    const truncated = `800 19176\n${Array.from({ length: 99 }, (_, k) => `${k + 1} ${k + 2} 1`).join('\n')}\n`;
    expect(detectGraphFormat(truncated, 'G1trunc.txt')).toMatchObject({ format: undefined, likely: 'rudy' });
    expect(() => parseGraph(truncated, { name: 'G1trunc.txt' })).toThrow(
      /G1trunc\.txt:1: the header announces 19176 edges but the file has 99 edge lines[\s\S]*--format edge-list/,
    );
    expect(() => parseGraph('3 2\n1 2 1\n', { name: 'three.txt' })).toThrow(/three\.txt:1: the header announces 2 edges but the file has 1 edge line[\s\S]*pass --format edge-list to read every line/);
    // mixed shapes and a lone line decide nothing either
    expect(detectGraphFormat('3 2\n1 2\n2 3 1\n', 'mixed.txt').format).toBeUndefined();
    expect(detectGraphFormat('1 2\n', 'lone.txt').format).toBeUndefined();
    // forcing the other reading works
    expect(parseGraph('3 2\n1 2 1\n', { name: 'three.txt', format: 'edge-list' }).m).toBe(2);
  });

  it('refuses binary input', () => {
    expect(() => parseGraph('1 2\u0000\n', { name: 'bin' })).toThrow(/bin:1 holds a NUL byte: this looks like a binary file/);
  });
});
