import { describe, expect, it } from 'vitest';
import { assertJlFits, jlMemoryEstimate } from './memory-estimate.js';

const base = { k: 30, pairs: 'exact' as const, pairBatch: 4096, samples: 4, method: 'isotropic' };

describe('jlMemoryEstimate', () => {
  it('counts the data, the n × n Gram matrices of exact pairs and the sampler factor', () => {
    expect(jlMemoryEstimate(100, 500, base)).toEqual({ data: 400_000, pairs: 4 * 7 * 100 * 100, sampler: 4 * 3 * 30 * 100, total: 400_000 + 280_000 + 36_000 });
    expect(jlMemoryEstimate(100, 500, { ...base, pairs: 'sampled' }).pairs).toBe(4 * 7 * 4096 * 30);
    expect(jlMemoryEstimate(100, 500, { ...base, method: 'full' }).sampler).toBe(4 * 3 * 3000 ** 2);
  });

  it('refuses exact pairs beyond the budget and names the options that fit', () => {
    expect(() => assertJlFits(100, 500, base, 'wasm', 2 ** 34)).not.toThrow();
    expect(() => assertJlFits(100_000, 4, base, 'cpu', 2 ** 34)).toThrow(/n = 100000 points .* needs about 260\.8 GiB .*this machine has 16\.0 GiB\. To fit: --pairs sampled/);
    expect(() => assertJlFits(2000, 784, { ...base, method: 'full' }, 'wasm', 2 ** 40)).toThrow(/the wasm backend holds at most 4\.0 GiB\. To fit: --method lowrank/);
  });
});
