import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@derand/backend-wasm';
import { startTestEngine } from '@derand/core/testing';
import { parseStructureConfig, type StructureConfig } from '../config/config.js';
import { runStructureDiscovery } from '../solver/run-structure-discovery.js';
import { deepPreset, multiIndexPreset, paperFig3Preset, structurePreset } from './presets.js';
import { biasStudy, depthStudy, lambdaSweepStudy, lossStudy, requireStudy } from './studies.js';

/**
 * The paper's generality claims on small instances (seconds each); the full-size figures are in
 * `pnpm bench` and `derand structure --preset …`.
 */
const quick = (config: StructureConfig, overrides: Partial<StructureConfig> = {}): StructureConfig => ({
  ...config,
  test: { size: 1000, every: 0 },
  snapshots: { count: 4, neurons: 8 },
  certificate: { enabled: false },
  ...overrides,
});

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('presets', () => {
  it("paper-fig3 is the paper's setting and the studies are what they say", () => {
    const fig3 = parseStructureConfig(paperFig3Preset());
    expect(fig3).toMatchObject({ inputDim: 2, lambda: 1e-5, steps: 10_000, data: { kind: 'online', batch: 50 } });
    expect(fig3.student).toMatchObject({ widths: [1000], activation: 'softplus:2', trainOutput: false, bias: 'trainable' });
    expect(fig3.optimizer).toEqual({ id: 'authors-pgd', options: { groups: { W: { learningRate: 0.8 * Math.sqrt(1000) }, b: { learningRate: 250 } } } });
    expect(parseStructureConfig({})).toEqual(fig3);
    expect(parseStructureConfig(multiIndexPreset())).toMatchObject({ inputDim: 20, teacher: { k: 2 }, student: { widths: [512] }, steps: 5000 });
    expect(parseStructureConfig(structurePreset('deep')).student).toMatchObject({ widths: [64, 64, 64], trainOutput: true, outputBias: true });
    expect(lambdaSweepStudy().runs.map((r) => r.config.lambda)).toEqual([1e-2, 1e-3, 1e-4, 1e-5, 1e-6]);
    expect(biasStudy().runs.map((r) => parseStructureConfig(r.config).student.bias)).toEqual(['trainable', 'frozen']);
    expect(lossStudy().runs.map((r) => parseStructureConfig(r.config).loss.id)).toEqual(['mse', 'log-cosh', 'huber']);
    expect(depthStudy().runs.map((r) => parseStructureConfig(r.config).student.widths.length + 1)).toEqual([2, 3, 4]);
    expect(() => structurePreset('paper-fig4')).toThrow(/Did you mean 'paper-fig3'/);
    expect(() => requireStudy('lambda')).toThrow(/Did you mean 'lambda-sweep'/);
  });
});

describe('generality claims (small instances)', () => {
  it('depth-3 and depth-4 students with every parameter trainable collapse W onto span(u)', () => {
    for (const depth of [3, 4]) {
      const config = deepPreset(depth);
      const result = runStructureDiscovery(quick(config, { student: { ...(config.student as object), widths: Array.from({ length: depth - 1 }, () => 16) }, steps: 3000 }), { seed: 0 });
      expect(result.trainable).toContain(`layers.${depth - 1}.weight`);
      expect(result.trainable).toContain(`layers.${depth - 1}.bias`);
      expect(result.start.orthFraction, `depth ${depth}`).toBeGreaterThan(0.3);
      expect(result.orthFraction, `depth ${depth}`).toBeLessThan(0.05);
      expect(result.testLoss, `depth ${depth}`).toBeLessThan(0.05);
    }
  });

  it('two different smooth losses (squared error, log-cosh) both discover the structure', () => {
    for (const id of ['mse', 'log-cosh']) {
      const result = runStructureDiscovery(
        quick(paperFig3Preset(), { student: { widths: [32] }, optimizer: { id: 'authors-pgd', options: { groups: { W: { learningRate: 12 }, b: { learningRate: 32 } } } }, loss: { id, options: {} }, steps: 800 }),
        { seed: 0 },
      );
      expect(result.orthFraction, id).toBeLessThan(0.2 * result.start.orthFraction);
      expect(result.testLoss, id).toBeLessThan(0.05 * result.start.testLoss);
    }
  });

  it('λ sweep on the population risk: ‖W⊥‖ shrinks as λ grows and stays below the Stein bound', () => {
    // λ chosen so that no run reaches the float32 floor of ‖W⊥‖ in 400 steps (there all λ look alike)
    const study = lambdaSweepStudy([3e-3, 1e-3, 3e-4]);
    const results = study.runs.map((run) =>
      runStructureDiscovery(
        quick(run.config, {
          student: { widths: [16], activation: 'softplus:2' },
          optimizer: { id: 'gd', options: { learningRate: 3, groups: { b: { learningRate: 4 } } } },
          data: { kind: 'quadrature', points: 12 },
          steps: 400,
          certificate: { samples: 64, lanczosSteps: 16, hvp: 'autodiff' },
        }),
        { seed: 0 },
      ),
    );
    const perp = results.map((r) => r.normWperp);
    expect(perp[0]).toBeLessThan(perp[1]!);
    expect(perp[1]).toBeLessThan(perp[2]!);
    for (const r of results) {
      expect(r.certificate?.steinBound?.exact).toBe(true);
      expect(r.certificate?.steinBound?.applicable).toBe(true);
      expect(r.certificate?.steinBound?.holds).toBe(true);
      expect(r.certificate!.steinBound!.bound!).toBeLessThan(3 * r.normWperp); // and it is nearly tight
    }
  });

  it('the first-layer bias matters: frozen at 0, the weight energy outside span(u) stays several times larger from the same start', () => {
    const [trainable, frozen] = biasStudy().runs.map((run) =>
      runStructureDiscovery(quick(run.config, { student: { ...(run.config.student as object), widths: [32] }, steps: 600 }), { seed: 0 }),
    );
    expect(trainable!.trainable).toEqual(['W', 'b']);
    expect(frozen!.trainable).toEqual(['W']);
    expect(trainable!.orthFraction).toBeLessThan(trainable!.start.orthFraction);
    // same seed, same initial W: only whether b trains differs (measured: orth fraction 0.020 vs 0.148 after 600 steps)
    expect(frozen!.start.orthFraction).toBe(trainable!.start.orthFraction);
    expect(frozen!.orthFraction).toBeGreaterThan(3 * trainable!.orthFraction);
    expect(frozen!.normWperp).toBeGreaterThan(1.5 * trainable!.normWperp);
    // and the fit is worse (measured: test loss 4.5e-4 trainable vs 0.030 frozen)
    expect(frozen!.testLoss).toBeGreaterThan(10 * trainable!.testLoss);
  });
});
