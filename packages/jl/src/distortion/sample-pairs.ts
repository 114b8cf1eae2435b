import { foldIn, sampleIntegers, type RandomKey } from '@derand/core';

/**
 * `count` uniform ordered pairs (i, j), i ≠ j, of n items: i uniform on [0, n), j uniform on
 * the other n − 1. Every unordered pair {i, j} is drawn with probability 2/(n(n − 1)) = 1/m,
 * so (m/count)·Σ_batch h(pair) is an unbiased estimate of Σ_pairs h(pair).
 *
 * @example const { i, j } = samplePairs(foldIn(key, 'pairs'), 1000, 4096);
 */
export function samplePairs(key: RandomKey, n: number, count: number): { i: Int32Array; j: Int32Array } {
  const first = sampleIntegers(foldIn(key, 'i'), count, n);
  const second = sampleIntegers(foldIn(key, 'j'), count, n - 1);
  const i = new Int32Array(count);
  const j = new Int32Array(count);
  for (let t = 0; t < count; t++) {
    i[t] = first[t]!;
    j[t] = second[t]! >= first[t]! ? second[t]! + 1 : second[t]!;
  }
  return { i, j };
}
