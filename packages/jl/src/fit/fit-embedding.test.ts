import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoTensorLeak, foldIn, keyFromSeed } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { InputError } from '@derand/registry';
import { runBaselines } from '../baselines/baselines.js';
import { matrixFromRows } from '../data/matrix.js';
import { loadMnist } from '../node/mnist.js';
import { uniformUnitRows } from '../data/uniform-rows.js';
import { fitEmbedding } from './fit-embedding.js';
import { geometricSchedule } from '@derand/core';
import { annealingStages } from './schedules.js';

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

/** The paper's JL data: 100 uniform rows of R^500, normalised, from the seeded stream. */
const paperData = () => uniformUnitRows(100, 500, foldIn(keyFromSeed(0), 'data'));

describe('schedules', () => {
  it('interpolate geometrically and split the steps into annealing stages', () => {
    const lr = geometricSchedule(0.1, 0.001, 101);
    expect(lr(0)).toBeCloseTo(0.1, 15);
    expect(lr(50)).toBeCloseTo(0.01, 12);
    expect(lr(100)).toBeCloseTo(0.001, 15);
    const stages = annealingStages(10, 4, 0.1, 0.0125);
    expect(stages.map((s) => [s.from, s.to])).toEqual([[0, 3], [3, 5], [5, 8], [8, 10]]);
    expect(stages.map((s) => s.temperature)).toEqual([0.1, 0.05, 0.025, 0.0125].map((t) => expect.closeTo(t, 12) as unknown as number));
  });
});

describe('fitEmbedding on the paper’s data (n = 100, d = 500, k = 30)', () => {
  it('norms (the reproduction): the sampler from M = 0, σ = 1 reaches max norm distortion ≤ 0.02 and σ ≤ 1e-3, and destroys pairs', () => {
    const result = fitEmbedding(paperData(), { k: 30, problem: 'norms', steps: 300 });
    const first = result.history.find((h) => h.max <= 0.02);
    expect(first, 'touched 0.02').toBeDefined();
    expect(result.report.norms.max).toBeLessThanOrEqual(0.02);
    expect(result.sigma).toBeLessThanOrEqual(1e-3);
    // what the authors' objective does to the geometry: pairwise distances are not preserved
    expect(result.report.pairs.max).toBeGreaterThan(0.9);
  });

  it('pairwise: the sampler reaches max pairwise distortion ≤ 0.2 with σ ≤ 1e-3, far below the best Gaussian projection', () => {
    const X = paperData();
    const result = fitEmbedding(X, { k: 30, problem: 'pairwise', steps: 600 });
    expect(result.report.pairs.max).toBeLessThanOrEqual(0.2);
    expect(result.report.pairs.exact).toBe(true);
    expect(result.sigma).toBeLessThanOrEqual(1e-3);
    expect(result.problem).toMatchObject({ n: 100, d: 500, r: 99, items: 4950 });
    const [gaussian] = runBaselines(X, { k: 30, problem: 'pairwise', trials: 20, ids: ['gaussian'] });
    expect(result.report.pairs.max).toBeLessThan(gaussian!.max.best / 3);
    // the device curve and the exact float64 report agree on the returned matrix
    expect(result.best.max).toBeCloseTo(result.report.pairs.max, 4);
  });

  it('from the saddle M = 0, perturbed gradient descent escapes where gradient descent stalls', () => {
    const X = paperData();
    const common = { k: 30, problem: 'pairwise', method: 'direct', init: 'zeros', steps: 300, learningRate: 30 } as const;
    const plain = fitEmbedding(X, { ...common, optimizer: 'gd' });
    const perturbed = fitEmbedding(X, { ...common, optimizer: 'pgd' });
    // at M = 0 every distortion is −1 and the gradient is exactly zero: GD never moves
    expect(plain.history.every((h) => h.max === 1 && h.gradNorm === 0)).toBe(true);
    expect(perturbed.report.pairs.max).toBeLessThan(0.5);
    expect(perturbed.history.some((h) => (h['perturbations'] ?? 0) > 0)).toBe(true);
  });
});

describe('fitEmbedding mechanics', () => {
  const X = uniformUnitRows(24, 40, foldIn(keyFromSeed(1), 'data'));

  it('is deterministic for a seed and differs across seeds', () => {
    const a = fitEmbedding(X, { k: 6, steps: 40, seed: 3 });
    const b = fitEmbedding(X, { k: 6, steps: 40, seed: 3 });
    const c = fitEmbedding(X, { k: 6, steps: 40, seed: 4 });
    expect(Array.from(a.embedding.matrix)).toEqual(Array.from(b.embedding.matrix));
    expect(a.history).toEqual(b.history);
    expect(Array.from(a.embedding.matrix)).not.toEqual(Array.from(c.embedding.matrix));
  });

  it('keeps tf.memory().numTensors flat across steps and leaks nothing', async () => {
    const counts: number[] = [];
    await expectNoTensorLeak(
      () =>
        fitEmbedding(X, {
          k: 6,
          steps: 120,
          every: 10,
          stages: 6,
          onEvent: (event) => {
            if (event.type === 'metrics') counts.push(tf.memory().numTensors);
          },
        }),
      'fitEmbedding',
    );
    expect(counts.length).toBeGreaterThan(10);
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  it('fits with sampled pairs, with diagonal and low-rank samplers, and the vectors problem', () => {
    const gaussianBest = runBaselines(X, { k: 6, trials: 10, ids: ['gaussian'] })[0]!.max.best;
    const sampled = fitEmbedding(X, { k: 6, steps: 200, pairs: 'sampled', pairBatch: 64, method: 'direct' });
    expect(sampled.problem.pairs?.mode).toBe('sampled');
    expect(sampled.report.pairs.max).toBeLessThan(gaussianBest);
    // per-entry noise gets 1/(k·r) of the signal an isotropic σ gets: it needs a larger λ to collapse in a few hundred steps
    const diagonal = fitEmbedding(X, { k: 6, steps: 200, method: 'diagonal', lambda: 1e-2 });
    expect(diagonal.report.pairs.max).toBeLessThan(gaussianBest);
    expect(diagonal.sigma).toBeLessThan(0.05);
    // the general factor vec(A) = vec(M) + Wz (low rank q = 6): its W-gradient is mostly Monte-Carlo noise, so it needs a strong λ too
    const lowrank = fitEmbedding(X, { k: 6, steps: 300, method: { id: 'lowrank', options: { rank: 6 } }, lambda: 0.1 });
    expect(lowrank.report.pairs.max).toBeLessThan(gaussianBest);
    expect(lowrank.sigma).toBeLessThan(0.05);
    const V = matrixFromRows([[1, ...Array<number>(39).fill(0)], [0, 2, ...Array<number>(38).fill(0)]], 'axes');
    const vectors = fitEmbedding(X, { k: 6, steps: 400, problem: 'vectors', vectors: V });
    expect(vectors.vectors?.max).toBeLessThan(1e-3);
    expect(vectors.sigma).toBeLessThan(1e-3);
  });

  it('reports every bad option and every bad row at once', () => {
    const bad = matrixFromRows([[1, 2], [NaN, 0], [1, 2]], 'bad');
    try {
      fitEmbedding(bad, { k: 3, steps: 0, method: 'bogus' as 'direct', temperature: -1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).issues.map((i) => i.where)).toEqual(['bad row 1', 'bad row 2 repeats bad row 0', 'k', 'steps', 'temperature']);
      expect((error as InputError).message).toContain('must not exceed the data dimension d = 2');
    }
  });
});

describe('MNIST (a real dataset): 20 digits per class, k = 20', () => {
  it('beats the best of 30 Gaussian projections and PCA on max pairwise distortion', () => {
    const { matrix } = loadMnist({ perClass: 20 });
    const result = fitEmbedding(matrix, { k: 20, steps: 150, method: 'direct' });
    const baselines = runBaselines(matrix, { k: 20, trials: 30, ids: ['gaussian', 'pca'] });
    for (const b of baselines) expect(result.report.pairs.max, b.id).toBeLessThan(b.report.pairs.max);
  });
});

describe('MNIST (a real dataset) with the sampler A = M + σE', () => {
  it('σ collapses by itself and the deterministic M beats the best of 30 Gaussian projections and PCA', () => {
    const { matrix } = loadMnist({ perClass: 20 });
    const result = fitEmbedding(matrix, { k: 20, steps: 300, problem: 'pairwise' });
    const direct = fitEmbedding(matrix, { k: 20, steps: 300, method: 'direct' });
    const baselines = runBaselines(matrix, { k: 20, trials: 30, ids: ['gaussian', 'pca'] });
    // measured: σ 2.3e-5, sampler 0.199, direct 0.192, best Gaussian 1.28, PCA 0.907
    expect(result.sigma).toBeDefined();
    expect(result.sigma!).toBeLessThanOrEqual(1e-3);
    expect(result.report.pairs.exact).toBe(true);
    for (const b of baselines) expect(result.report.pairs.max, b.id).toBeLessThan(b.report.pairs.max);
    expect(result.report.pairs.max).toBeLessThanOrEqual(1.1 * direct.report.pairs.max);
    expect(result.best.max).toBeCloseTo(result.report.pairs.max, 4);
  });
});
