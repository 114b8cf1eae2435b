import { describe, expect, it } from 'vitest';
import { broadcastStrides, collapse, stridesOf } from './shape.js';

/** Every (offset per operand) visited by a strided space, in order, by brute force. */
function offsets(shape: readonly number[], strides: readonly (readonly number[])[]): number[][] {
  const size = shape.reduce((a, b) => a * b, 1);
  const out: number[][] = [];
  for (let i = 0; i < size; i++) {
    let rest = i;
    const offset = strides.map(() => 0);
    for (let d = shape.length - 1; d >= 0; d--) {
      const n = shape[d] ?? 1;
      const index = rest % n;
      rest = Math.floor(rest / n);
      strides.forEach((s, k) => (offset[k] = (offset[k] ?? 0) + index * (s[d] ?? 0)));
    }
    out.push(offset);
  }
  return out;
}

describe('strided index spaces', () => {
  it('computes row-major and broadcasting strides', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(broadcastStrides([4], [2, 3, 4])).toEqual([0, 0, 1]);
  });

  it('collapses dimensions without changing any visited offset', () => {
    const cases: [number[], number[][]][] = [
      [[2, 3, 4], [stridesOf([2, 3, 4]), stridesOf([2, 3, 4])]],
      [[2, 3, 4], [broadcastStrides([3, 4], [2, 3, 4]), stridesOf([2, 3, 4])]],
      [[4, 1, 5, 6], [broadcastStrides([4, 1, 1, 6], [4, 1, 5, 6]), stridesOf([4, 1, 5, 6])]],
      [[3, 4, 5], [[20, 1, 4], stridesOf([3, 4, 5])]],
      [[2, 2, 3], [[0, 3, 1], [6, 3, 1]]],
      [[3, 4], [[-4, 1], [4, 1]]],
    ];
    for (const [shape, strides] of cases) {
      const c = collapse(shape, strides);
      expect(offsets(c.shape, c.strides)).toEqual(offsets(shape, strides));
      expect(c.shape.length).toBeLessThanOrEqual(shape.length);
    }
    expect(collapse([2, 3, 4], [stridesOf([2, 3, 4])]).shape).toEqual([24]);
    expect(collapse([5, 0, 2], [[2, 2, 1]]).shape).toEqual([0]);
  });
});
