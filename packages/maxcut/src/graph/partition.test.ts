import { describe, expect, it } from 'vitest';
import { formatPartition, parsePartition, sidesFromSet } from './partition.js';

describe('partitions', () => {
  it('formats and parses ±1 lines, and 0/1 values', () => {
    const sides = Int8Array.from([1, -1, -1, 1]);
    expect(formatPartition(sides)).toBe('1,-1,-1,1\n');
    expect(Array.from(parsePartition(formatPartition(sides), 4, 'p'))).toEqual([1, -1, -1, 1]);
    expect(Array.from(parsePartition('0 1\n1 0', 4, 'p'))).toEqual([-1, 1, 1, -1]);
    expect(Array.from(sidesFromSet(4, [1, 4]))).toEqual([1, -1, -1, 1]);
  });

  it('rejects a wrong count or a non-side value', () => {
    expect(() => parsePartition('1,-1', 3, 'p.cut')).toThrow(/p\.cut: expected 3 sides/);
    expect(() => parsePartition('1,2,-1', 3, 'p.cut')).toThrow(/p\.cut: value 2: a side must be -1 or 1/);
    expect(() => sidesFromSet(3, [4])).toThrow(/vertex must be an integer in 1…3/);
  });
});
