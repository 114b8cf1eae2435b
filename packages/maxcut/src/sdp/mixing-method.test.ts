import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { keyFromSeed, sampleNormal } from '@derand/core';
import { DATA_DIR_MISSING, dataDir } from '@derand/core/node';
import { buildGraph, type RawEdge } from '../graph/graph.js';
import { parseRudy } from '../graph/read-rudy.js';
import { randomGraph } from '../graph/generate.js';
import { greedyColourOrder } from './colouring.js';
import { defaultSdpRank, edgeCorrelationSum, solveSdp } from './mixing-method.js';

const dir = dataDir();
const cycle = (n: number) => buildGraph(n, Array.from({ length: n }, (_, i): RawEdge => ({ i, j: (i + 1) % n, w: 1, where: 'c' })), { name: `C${n}` });
const complete = (n: number) => {
  const edges: RawEdge[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push({ i, j, w: 1, where: 'k' });
  return buildGraph(n, edges, { name: `K${n}` });
};

describe('solveSdp (mixing method)', () => {
  it('reaches the closed-form SDP optima of odd cycles and complete graphs', () => {
    // C_n, n odd: (n/2)(1 − cos(π(n−1)/n)); K_n: n²/4 for even n, (n² − 1)/4 … at least ⌊n²/4⌋, here exact n²/4 for the SDP
    for (const n of [5, 7, 9]) {
      const sdp = solveSdp(cycle(n), { key: keyFromSeed(n) });
      expect(sdp.value).toBeCloseTo((n / 2) * (1 - Math.cos((Math.PI * (n - 1)) / n)), 6);
      expect(sdp.converged).toBe(true);
    }
    for (const n of [3, 4, 5, 6]) expect(solveSdp(complete(n), { key: keyFromSeed(n) }).value).toBeCloseTo((n * n) / 4, 6);
  });

  it('returns unit rows, a value consistent with them, and is reproducible from the key', () => {
    const g = complete(8);
    const a = solveSdp(g, { key: keyFromSeed(3) });
    const b = solveSdp(g, { key: keyFromSeed(3) });
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
    expect(a.rank).toBe(defaultSdpRank(8));
    // ⌈√(2n)⌉ up to n = 2048, then capped
    expect([8, 800, 2000, 2048, 2049, 20_000].map(defaultSdpRank)).toEqual([4, 40, 64, 64, 64, 64]);
    for (let i = 0; i < 8; i++) {
      let norm = 0;
      for (let t = 0; t < a.rank; t++) norm += a.vectors[i * a.rank + t]! ** 2;
      expect(norm).toBeCloseTo(1, 12);
    }
    expect(a.value).toBeCloseTo((g.totalWeight - edgeCorrelationSum(g, a.vectors, a.rank)) / 2, 10);
  });

  it('G1 and G22: within 1e-5 relative of 12083.2 and 14135.9', (context) => {
    if (dir === undefined) return context.skip(DATA_DIR_MISSING);
    for (const [name, expected] of [['G1', 12083.2], ['G22', 14135.9]] as const) {
      const g = parseRudy(readFileSync(join(dir!, 'gset', `${name}.txt`), 'utf8'), { name });
      const sdp = solveSdp(g, { key: keyFromSeed(1) });
      expect(Math.abs(sdp.value - expected) / expected, name).toBeLessThan(1e-5);
    }
  }, 60_000);

  it('its blocked sweep is the plain mixing-method sweep in colour order, bit for bit (degrees 0 to 40, negative weights)', () => {
    const g = randomGraph({ n: 90, m: 900, key: keyFromSeed(4), weights: 'plus-minus-one' });
    const rank = 7;
    const start = sampleNormal(keyFromSeed(5), g.n * rank);
    const fast = solveSdp(g, { rank, start, maxSweeps: 3, tolerance: 0 });
    // the textbook sweep: g_i = Σ_j w_ij v_j one neighbour at a time, v_i ← −g_i/‖g_i‖
    const v = Float64Array.from(start);
    for (let i = 0; i < g.n; i++) {
      let sq = 0;
      for (let t = 0; t < rank; t++) sq += v[i * rank + t]! ** 2;
      for (let t = 0; t < rank; t++) v[i * rank + t]! /= Math.sqrt(sq);
    }
    const degrees = new Set<number>();
    const { order } = greedyColourOrder(g);
    for (let sweep = 0; sweep < 3; sweep++) {
      for (const i of order) {
        degrees.add(g.offsets[i + 1]! - g.offsets[i]!);
        const gi = new Float64Array(rank);
        for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) for (let t = 0; t < rank; t++) gi[t]! += g.neighborWeight[k]! * v[g.neighbors[k]! * rank + t]!;
        let sq = 0;
        for (let t = 0; t < rank; t++) sq += gi[t]! * gi[t]!;
        if (sq === 0) continue;
        for (let t = 0; t < rank; t++) v[i * rank + t] = -gi[t]! / Math.sqrt(sq);
      }
    }
    expect(Math.max(...degrees)).toBeGreaterThan(16);
    expect(fast.sweeps).toBe(3);
    expect(Array.from(fast.vectors)).toEqual(Array.from(v));
  });

  it('gives the same V and value, bit for bit, on 1, 2 and 3 threads', () => {
    const g = randomGraph({ n: 600, m: 3000, key: keyFromSeed(6), weights: 'plus-minus-one' });
    const run = (threads: number) => solveSdp(g, { rank: 9, key: keyFromSeed(7), maxSweeps: 25, tolerance: 0, threads });
    const one = run(1);
    expect(one.threads).toBe(1);
    expect(one.colours).toBeGreaterThan(2);
    for (const threads of [2, 3]) {
      const many = run(threads);
      expect(many.threads, many.threadsFallback ?? '').toBe(threads);
      expect(many.sweeps).toBe(25);
      expect(Buffer.from(many.vectors.buffer).equals(Buffer.from(one.vectors.buffer))).toBe(true);
      expect(many.value).toBe(one.value);
    }
    // the sweeps moved V from its start, so the comparison compared something
    expect(one.value).toBeGreaterThan(solveSdp(g, { rank: 9, key: keyFromSeed(7), maxSweeps: 1, tolerance: 0, threads: 1 }).value + 1);
  });

  it('runs on one thread, says why, and gives the same V where the runtime has no worker threads', () => {
    const g = randomGraph({ n: 200, m: 800, key: keyFromSeed(8) });
    const options = { rank: 5, key: keyFromSeed(9), maxSweeps: 10, tolerance: 0 };
    const one = solveSdp(g, { ...options, threads: 1 });
    const get = process.getBuiltinModule.bind(process);
    const spy = vi.spyOn(process, 'getBuiltinModule').mockImplementation(((id: string) => (id === 'node:worker_threads' ? undefined : get(id))) as typeof process.getBuiltinModule);
    try {
      const asked = solveSdp(g, { ...options, threads: 2 });
      expect(asked.threads).toBe(1);
      expect(asked.threadsFallback).toBe('no worker threads in this runtime');
      expect(Array.from(asked.vectors)).toEqual(Array.from(one.vectors));
    } finally {
      spy.mockRestore();
    }
    expect(solveSdp(g, { ...options, threads: 2 }).threadsFallback).toBeUndefined();
  });

  it('refuses a thread count that is not a positive integer', () => {
    for (const threads of [0, 1.5, -1]) expect(() => solveSdp(cycle(5), { threads })).toThrow(/SDP threads must be 'auto' or a positive integer \(got/);
  });
});
