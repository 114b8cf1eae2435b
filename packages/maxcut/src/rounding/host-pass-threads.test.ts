import { describe, expect, it } from 'vitest';
import { keyFromSeed, sampleNormal } from '@derand/core';
import { randomGraph } from '../graph/generate.js';
import { objectiveScale } from './probit-cut-objective.js';
import { hostAdamTraining } from './host-adam-training.js';
import { part } from './host-pass-threads.js';

describe('the host loop on worker threads', () => {
  it('splits ranges into consecutive, covering parts', () => {
    for (const [count, parts] of [[10, 3], [2, 4], [0, 2], [20_000, 2]] as const) {
      const ranges = Array.from({ length: parts }, (_, p) => part(count, p, parts));
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(count);
      for (let p = 1; p < parts; p++) expect(ranges[p]![0]).toBe(ranges[p - 1]![1]);
    }
  });

  it('gives the same iterates, bit for bit, on 1, 2 and 3 threads', () => {
    const graph = randomGraph({ n: 400, m: 2400, key: keyFromSeed(7), weights: 'plus-minus-one' });
    const rank = 6;
    const V0 = Float32Array.from(sampleNormal(keyFromSeed(8), graph.n * rank), (x) => x / Math.sqrt(rank));
    const mu0 = Float32Array.from(sampleNormal(keyFromSeed(9), graph.n, 0, 1e-3));
    const scale = objectiveScale(graph);
    const run = (threads: number) =>
      hostAdamTraining(graph, V0, rank, mu0, {
        weights: Float64Array.from(graph.weight, (w) => w / scale),
        tau: 0.1,
        lambda: 2e-4,
        adam: { learningRate: 0.2, b1: 0.9, b2: 0.999, eps: 1e-8 },
        maxSteps: 60,
        every: 10,
        stopBelowNormV: 0,
        threads,
      });
    const one = run(1);
    expect(one.threads).toBe(1);
    for (const threads of [2, 3]) {
      const many = run(threads);
      expect(many.threads, many.threadsFallback ?? '').toBe(threads);
      expect(many.steps).toBe(one.steps);
      expect(Buffer.from(many.mu.buffer, many.mu.byteOffset, many.mu.byteLength).equals(Buffer.from(one.mu.buffer, one.mu.byteOffset, one.mu.byteLength))).toBe(true);
      expect(Buffer.from(many.V.buffer, many.V.byteOffset, many.V.byteLength).equals(Buffer.from(one.V.buffer, one.V.byteOffset, one.V.byteLength))).toBe(true);
      expect(many.gradNorm).toBe(one.gradNorm);
    }
    // the loop moved μ, so the comparison compared something
    expect(Math.max(...one.mu.map((x, i) => Math.abs(x - mu0[i]!)))).toBeGreaterThan(0.1);
  });
});
