import { describe, expect, it } from 'vitest';
import { detectGraphFormat, parseGraph } from './parse-graph.js';

describe('parseGraph', () => {
  it('detects the format from the content and the file name', () => {
    expect(detectGraphFormat('%%MatrixMarket matrix coordinate pattern symmetric\n2 2 1\n2 1\n', 'a')).toBe('matrix-market');
    expect(detectGraphFormat('  {"n": 2, "edges": []}', 'a')).toBe('json');
    expect(detectGraphFormat('3 2\n1 2 1\n2 3 1\n', 'G.txt')).toBe('rudy');
    expect(detectGraphFormat('1 2\n2 3\n3 1\n', 'triangle.txt')).toBe('edge-list');
    expect(detectGraphFormat('0,1\n', 'x.csv')).toBe('edge-list');
    expect(parseGraph('3 2\n1 2 1\n2 3 1\n', { name: 'x.txt' }).n).toBe(3);
    // forced format: read as an edge list, the header '3 2' is the edge 3–2, summed with 2–3
    const forced = parseGraph('3 2\n1 2 1\n2 3 1\n', { name: 'x.txt', format: 'edge-list', duplicates: 'sum' });
    expect([forced.m, forced.totalWeight]).toEqual([2, 3]);
  });

  it('refuses binary input', () => {
    expect(() => parseGraph('1 2\u0000\n', { name: 'bin' })).toThrow(/bin looks like a binary file/);
  });
});
