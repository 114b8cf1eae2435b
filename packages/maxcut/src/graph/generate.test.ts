import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { randomGraph } from './generate.js';

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
