import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { randomGraph, toroidalGrid } from './generate.js';

describe('randomGraph', () => {
  it('draws exactly m distinct edges, reproducibly from the key', () => {
    const a = randomGraph({ n: 50, m: 300, key: keyFromSeed(1), weights: 'plus-minus-one' });
    const b = randomGraph({ n: 50, m: 300, key: keyFromSeed(1), weights: 'plus-minus-one' });
    expect(a.m).toBe(300);
    expect(new Set(Array.from(a.from, (f, e) => f * 50 + a.to[e]!)).size).toBe(300);
    expect(Array.from(a.weight)).toEqual(Array.from(b.weight));
    expect(Array.from(a.from)).toEqual(Array.from(b.from));
    expect(new Set(a.weight)).toEqual(new Set([1, -1]));
    expect(randomGraph({ n: 50, m: 300, key: keyFromSeed(2) }).from).not.toEqual(a.from);
    expect(randomGraph({ n: 4, m: 6, key: keyFromSeed(3) }).m).toBe(6);
    expect(() => randomGraph({ n: 4, m: 7, key: keyFromSeed(3) })).toThrow(/0 ≤ m ≤ n\(n−1\)\/2/);
  });
});

describe('toroidalGrid', () => {
  it('joins every vertex to its four torus neighbours, once per edge, with reproducible ±1 weights', () => {
    const g = toroidalGrid({ rows: 4, cols: 5, key: keyFromSeed(3) });
    expect(g.n).toBe(20);
    expect(g.m).toBe(40);
    for (let i = 0; i < g.n; i++) expect(g.offsets[i + 1]! - g.offsets[i]!).toBe(4);
    const pairs = new Set(Array.from({ length: g.m }, (_, e) => `${g.from[e]}-${g.to[e]}`));
    expect(pairs.size).toBe(40);
    // vertex (r, c) = 7 = (1, 2): right (1, 3) = 8, down (2, 2) = 12, left 6, up 2
    const neighbours = Array.from(g.neighbors.subarray(g.offsets[7]!, g.offsets[8]!)).sort((a, b) => a - b);
    expect(neighbours).toEqual([2, 6, 8, 12]);
    expect(new Set(Array.from(g.weight))).toEqual(new Set([1, -1]));
    expect(Array.from(toroidalGrid({ rows: 4, cols: 5, key: keyFromSeed(3) }).weight)).toEqual(Array.from(g.weight));
    expect(() => toroidalGrid({ rows: 2, cols: 5, key: keyFromSeed(3) })).toThrow(/rows, cols ≥ 3/);
  });
});
