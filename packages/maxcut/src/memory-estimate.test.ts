import { describe, expect, it } from 'vitest';
import { assertMaxcutFits, maxcutMemoryEstimate, WASM_MEMORY_BYTES } from './memory-estimate.js';

describe('maxcutMemoryEstimate', () => {
  it('adds the parts as stated: SDP 16nr, dense bound 8n² up to verifyLimit, rounding 4(8nρ + 2mρ)', () => {
    expect(maxcutMemoryEstimate(100, 200, { rank: 10 })).toEqual({ sdp: 16_000, bound: 80_000, rounding: 48_000, total: 144_000 });
    // above verifyLimit the bound keeps 32 Lanczos vectors; ρ is capped at 64; no tensors for hyperplane
    expect(maxcutMemoryEstimate(3000, 10, { rank: 100 })).toEqual({ sdp: 4_800_000, bound: 768_000, rounding: 4 * (8 * 3000 * 64 + 2 * 10 * 64), total: 4_800_000 + 768_000 + 4 * (8 * 3000 * 64 + 2 * 10 * 64) });
    expect(maxcutMemoryEstimate(3000, 10, { rank: 100, tensors: false }).rounding).toBe(24_000);
  });

  it('refuses what does not fit with a rank that does, and lets what fits through', () => {
    const n = 10_000_000;
    const budget = 16 * 2 ** 30;
    expect(() => assertMaxcutFits(800, 19176, {}, 'wasm', budget)).not.toThrow();
    let message = '';
    try {
      assertMaxcutFits(n, 3, {}, 'cpu', budget);
    } catch (error) {
      message = (error as Error).message;
    }
    const rank = Number(/--sdp-rank (\d+)/.exec(message)?.[1]);
    expect(message).toMatch(/n = 10000000 vertices .* but this machine has 16\.0 GiB/);
    expect(maxcutMemoryEstimate(n, 3, { rank }).total).toBeLessThanOrEqual(budget);
    expect(maxcutMemoryEstimate(n, 3, { rank: rank + 1 }).total).toBeGreaterThan(budget);
    // on wasm the rounding's tensors are capped at 4 GiB whatever the machine has
    expect(() => assertMaxcutFits(n, 3, { rank: 20 }, 'wasm', 2 ** 50)).toThrow(/wasm backend holds at most 4\.0 GiB/);
    expect(maxcutMemoryEstimate(n, 3, { rank: 20 }).rounding).toBeGreaterThan(WASM_MEMORY_BYTES);
  });
});
