import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@derand/backend-wasm';
import { startTestEngine } from '@derand/core/testing';
import { createRegistry, z } from '@derand/registry';
import { defineLoss, lossPlugins } from '@derand/losses';
import { optimizerPlugins } from '@derand/core';
import type { StructureConfig } from '../config/config.js';
import { logSpacedSteps } from './log-spaced.js';
import { runStructureDiscovery } from './run-structure-discovery.js';

/** The paper's setting, shrunk: d = 2, h = 32, 600 online steps of the authors' PGD. */
const small = (overrides: Partial<StructureConfig> = {}): StructureConfig => ({
  inputDim: 2,
  student: { widths: [32], activation: 'softplus:2' },
  optimizer: { id: 'authors-pgd', options: { groups: { W: { learningRate: 12 }, b: { learningRate: 32 } } } },
  lambda: 1e-5,
  data: { kind: 'online', batch: 50 },
  steps: 600,
  test: { size: 2000, every: 0 },
  snapshots: { count: 8, neurons: 16 },
  certificate: { enabled: false },
  ...overrides,
});

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('log-spaced snapshot steps', () => {
  it('start at 0, end at the total, and are log-spaced in between', () => {
    expect(logSpacedSteps(10_000, 6)).toEqual([0, 1, 10, 100, 1000, 10_000]);
    expect(logSpacedSteps(5, 40)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(logSpacedSteps(100, 0)).toEqual([]);
  });
});

describe('runStructureDiscovery', () => {
  it('moves the first layer onto span(u): orth fraction and test loss fall, and it is reproducible', () => {
    const before = tf.memory().numTensors;
    const a = runStructureDiscovery(small(), { seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(a.start.orthFraction).toBeGreaterThan(0.3);
    expect(a.orthFraction).toBeLessThan(0.25 * a.start.orthFraction);
    expect(a.testLoss).toBeLessThan(0.05 * a.start.testLoss);
    expect(a.principalAnglesDeg[0]).toBeLessThan(5);
    expect(a.reason).toBe('steps');
    expect(a.trajectory.steps).toEqual(logSpacedSteps(600, 8));
    expect(a.trajectory.points[0]).toHaveLength(16);
    expect(a.trajectory.coordinates).toBe('raw');
    // same seed, same numbers; another seed, other numbers
    const b = runStructureDiscovery(small(), { seed: 3 });
    expect(b.orthFraction).toBe(a.orthFraction);
    expect(b.history.map((r) => r.value)).toEqual(a.history.map((r) => r.value));
    const c = runStructureDiscovery(small(), { seed: 4 });
    expect(c.orthFraction).not.toBe(a.orthFraction);
  });

  it('streams each first-layer snapshot as it is taken, the same points the trajectory returns', () => {
    const snapshots: { step: number; name: string; data: unknown }[] = [];
    const result = runStructureDiscovery(small({ steps: 100 }), {
      seed: 2,
      emit: (event) => {
        if (event.type === 'snapshot') snapshots.push({ step: event.step, name: event.name, data: event.data });
      },
    });
    expect(snapshots.map((s) => s.step)).toEqual(result.trajectory.steps);
    expect(new Set(snapshots.map((s) => s.name))).toEqual(new Set(['first-layer']));
    const data = snapshots.map((s) => s.data as { coordinates: string; neurons: number[]; points: number[][]; directions: number[] });
    expect(data.map((d) => d.points)).toEqual(result.trajectory.points);
    expect(data[0]!.coordinates).toBe('raw');
    expect(data[0]!.neurons).toEqual(result.trajectory.neurons);
    expect(data[0]!.directions).toEqual(result.trajectory.directions);
  });

  it('keeps tf.memory().numTensors flat over 10 000 steps', () => {
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    const result = runStructureDiscovery(
      small({ student: { widths: [8], activation: 'softplus:2' }, data: { kind: 'online', batch: 16 }, steps: 10_000, metricsEvery: 1000, snapshots: { count: 0, neurons: 1 }, test: { size: 16, every: 0 } }),
      {
        seed: 1,
        emit: (event) => {
          if (event.type === 'metrics') counts.push(tf.memory().numTensors);
        },
      },
    );
    expect(result.steps).toBe(10_000);
    expect(counts.length).toBeGreaterThanOrEqual(10);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops a diverging run with the last finite state and says so', () => {
    const result = runStructureDiscovery(small({ optimizer: { id: 'gd', options: { learningRate: 1e7 } }, steps: 200, metricsEvery: 1 }), { seed: 0 });
    expect(result.reason).toBe('non-finite');
    expect(result.nonFinite?.step).toBeGreaterThan(0);
    expect(result.warnings[0]).toMatch(/became non-finite at step \d+; the result is the last finite state \(step \d+\)/);
    expect(Number.isFinite(result.normW)).toBe(true);
    expect(Number.isFinite(result.testLoss)).toBe(true);
  });

  it('collects every configuration problem in one error', () => {
    let message = '';
    try {
      runStructureDiscovery({
        inputDim: 2,
        teacher: { k: 3 },
        loss: { id: 'msee', options: {} },
        optimizer: { id: 'authors-pgd', options: { groups: { W: { learningRate: 1 }, bias: { learningRate: 2 } } } },
        lambdaGroups: ['V'],
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/teacher\.k: cannot exceed the input dimension d = 2/);
    expect(message).toMatch(/lambdaGroups: 'V' is not a trainable group/);
    try {
      runStructureDiscovery({ loss: { id: 'msee', options: {} }, optimizer: { id: 'authors-pgd', options: { groups: { W: { learningRate: 1 }, bias: { learningRate: 2 } } } } });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/loss\.id: Unknown loss 'msee'\. Did you mean: 'mse'/);
    expect(message).toMatch(/optimizer\.options\.groups\.bias: 'bias' is not a parameter group here \(groups: W, b\)/);
    try {
      runStructureDiscovery({ loss: { id: 'logistic', options: {} }, optimizer: { id: 'gd', options: { learningRate: -1 } } });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/teacher\.labels: loss 'logistic' expects ±1 targets/);
    expect(message).toMatch(/optimizer\.options\.learningRate/);
  });

  it("resolves a user's loss plugin through the registry", () => {
    const cauchy = defineLoss({
      id: 'cauchy',
      summary: 'log(1 + r²)',
      options: z.object({}).strict(),
      create: () => ({ perSample: (p, y) => tf.sum(tf.log1p(tf.square(tf.sub(p, y))), 1) }),
    });
    const registry = createRegistry([...lossPlugins, ...optimizerPlugins, cauchy]);
    const result = runStructureDiscovery(small({ loss: { id: 'cauchy', options: {} }, steps: 300 }), { registry });
    expect(result.loss).toBe('cauchy');
    expect(result.orthFraction).toBeLessThan(0.5 * result.start.orthFraction);
  });
});

describe('certificate and the lemma bounds', () => {
  it("on the population risk (quadrature), Stein's bound on ‖W⊥‖ holds at the returned point", () => {
    const result = runStructureDiscovery(
      small({ data: { kind: 'quadrature', points: 24 }, optimizer: { id: 'gd', options: { learningRate: 4, groups: { b: { learningRate: 16 } } } }, steps: 400, lambda: 1e-3, certificate: { samples: 64, lanczosSteps: 20, hvp: 'autodiff' } }),
      { seed: 0 },
    );
    const cert = result.certificate!;
    expect(cert.samples).toBe('quadrature');
    expect(cert.gradNorm).toBeGreaterThan(0);
    expect(cert.lambdaMin).toBeLessThanOrEqual(cert.lambdaMax);
    expect(cert.steinBound?.exact).toBe(true);
    expect(cert.steinBound?.applicable).toBe(true);
    expect(cert.steinBound?.holds).toBe(true);
    // the bound is not vacuous: within a factor 10 of the measured ‖W⊥‖
    expect(cert.steinBound!.bound!).toBeLessThan(10 * result.normWperp);
  });
});
