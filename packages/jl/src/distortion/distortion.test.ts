import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldIn, keyFromSeed, sampleNormal } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { matrixFromRows } from '../data/matrix.js';
import { uniformUnitRows } from '../data/uniform-rows.js';
import { createEmbedding } from '../embedding/embedding.js';
import { createProblem } from '../problem/problem.js';
import { distortionBatch } from './distortion-batch.js';
import { samplePairs } from './sample-pairs.js';
import { evaluateMatrix } from './evaluate.js';
import { createProblemTensors } from './problem-tensors.js';
import { distortionReport, statsOfRatios } from './report.js';

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

const X = uniformUnitRows(9, 14, foldIn(keyFromSeed(7), 'data'));
const k = 5;

/** ‖P v‖²/‖v‖² − 1 by brute force in float64 in the original coordinates, P = G/√k. */
function bruteForce(p: Float64Array, items: number[][]): number[] {
  return items.map((v) => {
    let num = 0;
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let j = 0; j < 14; j++) s += p[a * 14 + j]! * v[j]!;
      num += s * s;
    }
    return num / v.reduce((s, x) => s + x * x, 0) - 1;
  });
}

const row = (i: number) => Array.from(X.values.subarray(i * 14, i * 14 + 14));
const pairsOf = (list: [number, number][]) => list.map(([i, j]) => row(i).map((x, t) => x - row(j)[t]!));

describe('distortionBatch (device, problem coordinates) against brute force', () => {
  for (const kind of ['norms', 'pairwise'] as const) {
    it(`${kind}: every sample of a batch, exact`, () => {
      const problem = createProblem(X, { kind, reduce: 'always' });
      const tensors = createProblemTensors(problem, k);
      const G = [sampleNormal(keyFromSeed(1), k * 14), sampleNormal(keyFromSeed(2), k * 14)];
      // candidate matrices in problem coordinates: B = G Qᵀ
      const b = G.map((g) => {
        const out = new Float32Array(k * problem.r);
        for (let a = 0; a < k; a++) for (let q = 0; q < problem.r; q++) for (let j = 0; j < 14; j++) out[a * problem.r + q] = out[a * problem.r + q]! + g[a * 14 + j]! * problem.basis![q * 14 + j]!;
        return out;
      });
      const all: [number, number][] = [];
      for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) all.push([i, j]);
      const got = tf.tidy(() => {
        const batch = distortionBatch(tensors, tf.tensor3d([...b[0]!, ...b[1]!], [2, k, problem.r]), keyFromSeed(0));
        return { delta: batch.delta.arraySync(), valid: batch.valid?.arraySync(), multiplicity: batch.multiplicity };
      });
      for (let s = 0; s < 2; s++) {
        const p = Float64Array.from(G[s]!, (v) => v / Math.sqrt(k));
        if (kind === 'norms') {
          const expected = bruteForce(p, Array.from({ length: 9 }, (_, i) => row(i)));
          got.delta[s]!.forEach((d, i) => expect(d).toBeCloseTo(expected[i]!, 4));
        } else {
          const expected = bruteForce(p, pairsOf(all.filter(([i, j]) => i !== j)));
          const offDiagonal = got.delta[s]!.filter((_, t) => got.valid![t] === 1);
          offDiagonal.forEach((d, t) => expect(d).toBeCloseTo(expected[t]!, 4));
          expect(got.multiplicity).toBe(2);
        }
      }
      tensors.dispose();
    });
  }

  it('sampled pairs: the drawn pairs, weighted by pairs/batch', () => {
    const problem = createProblem(X, { kind: 'pairwise', pairs: 'sampled', pairBatch: 25, reduce: 'never' });
    const tensors = createProblemTensors(problem, k);
    const g = sampleNormal(keyFromSeed(3), k * 14);
    const key = keyFromSeed(4);
    const got = tf.tidy(() => {
      const batch = distortionBatch(tensors, tf.tensor3d(Float32Array.from(g), [1, k, 14]), key);
      return { delta: batch.delta.arraySync()[0]!, weight: batch.weight };
    });
    const { i, j } = samplePairs(key, 9, 25);
    const expected = bruteForce(Float64Array.from(g, (v) => v / Math.sqrt(k)), pairsOf(Array.from(i, (a, t) => [a, j[t]!] as [number, number])));
    got.delta.forEach((d, t) => expect(d).toBeCloseTo(expected[t]!, 4));
    expect(got.weight).toBeCloseTo(36 / 25, 12);
    tensors.dispose();
  });

  it('samplePairs draws every unordered pair uniformly (chi-square)', () => {
    const n = 6;
    const draws = 60_000;
    const { i, j } = samplePairs(keyFromSeed(5), n, draws);
    const counts = new Map<string, number>();
    for (let t = 0; t < draws; t++) {
      expect(i[t]).not.toBe(j[t]);
      const key = `${Math.min(i[t]!, j[t]!)},${Math.max(i[t]!, j[t]!)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(15);
    const expected = draws / 15;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(36.1); // 99.9% quantile of χ² with 14 degrees of freedom
  });

  it('evaluateMatrix gives max and mean |δ| of one matrix', () => {
    const problem = createProblem(X, { kind: 'norms', reduce: 'never' });
    const tensors = createProblemTensors(problem, k);
    const g = sampleNormal(keyFromSeed(6), k * 14);
    const m = tf.tensor2d(Float32Array.from(g), [k, 14]);
    const { max, mean } = evaluateMatrix(tensors, m);
    const expected = bruteForce(Float64Array.from(g, (v) => v / Math.sqrt(k)), Array.from({ length: 9 }, (_, i) => row(i))).map(Math.abs);
    expect(max).toBeCloseTo(Math.max(...expected), 4);
    expect(mean).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / 9, 4);
    m.dispose();
    tensors.dispose();
  });

  it('evaluateMatrix in sampled-pair mode evaluates all pairs when there are few', () => {
    const problem = createProblem(X, { kind: 'pairwise', pairs: 'sampled', pairBatch: 5, reduce: 'never' });
    const tensors = createProblemTensors(problem, k);
    expect(tensors.evaluation?.exact).toBe(true);
    const g = sampleNormal(keyFromSeed(10), k * 14);
    const m = tf.tensor2d(Float32Array.from(g), [k, 14]);
    const pairs: [number, number][] = [];
    for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) pairs.push([i, j]);
    const expected = bruteForce(Float64Array.from(g, (v) => v / Math.sqrt(k)), pairsOf(pairs)).map(Math.abs);
    const { max, mean } = evaluateMatrix(tensors, m);
    expect(max).toBeCloseTo(Math.max(...expected), 4);
    expect(mean).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / expected.length, 4);
    m.dispose();
    tensors.dispose();
  });
});

describe('distortionReport (host, float64)', () => {
  it('matches brute force for norms and all pairs, with quantiles and the best rescaling', () => {
    const g = sampleNormal(keyFromSeed(8), k * 14, 0, 1 / Math.sqrt(k));
    const report = distortionReport(createEmbedding(g, k, 14, 'test'), X);
    const norms = bruteForce(g, Array.from({ length: 9 }, (_, i) => row(i)));
    const pairs: [number, number][] = [];
    for (let i = 0; i < 9; i++) for (let j = i + 1; j < 9; j++) pairs.push([i, j]);
    const pairDeltas = bruteForce(g, pairsOf(pairs));
    expect(report.norms.max).toBeCloseTo(Math.max(...norms.map(Math.abs)), 12);
    expect(report.pairs.max).toBeCloseTo(Math.max(...pairDeltas.map(Math.abs)), 12);
    expect(report.pairs.mean).toBeCloseTo(pairDeltas.reduce((s, d) => s + Math.abs(d), 0) / 36, 12);
    expect(report.pairs.count).toBe(36);
    expect(report.pairs.exact).toBe(true);
    const ratios = pairDeltas.map((d) => d + 1);
    const lo = Math.min(...ratios);
    const hi = Math.max(...ratios);
    expect(report.pairs.scaledMax).toBeCloseTo((hi - lo) / (hi + lo), 12);
  });

  it('statsOfRatios: quantiles by linear interpolation; sampled mode is flagged', () => {
    const s = statsOfRatios(Float64Array.of(1.1, 0.8, 1.0, 1.3, 0.9), 5, true);
    expect(s.max).toBeCloseTo(0.3, 12);
    expect(s.quantiles.q50).toBeCloseTo(0.1, 12);
    expect(s.quantiles.q90).toBeCloseTo(0.2 + 0.6 * 0.1, 12);
    const Y = matrixFromRows(Array.from({ length: 30 }, (_, i) => [Math.cos(i), Math.sin(i), i / 30]), 'circle');
    const sampled = distortionReport(createEmbedding(Float64Array.of(1, 0, 0, 0, 1, 0), 2, 3, 'drop-z'), Y, { exactPairLimit: 10, samplePairs: 500 });
    expect(sampled.pairs.exact).toBe(false);
    expect(sampled.pairs.count).toBe(500);
    expect(sampled.pairs.total).toBe(435);
  });
});
