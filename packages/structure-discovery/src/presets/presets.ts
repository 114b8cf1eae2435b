import { DerandError, closestMatches } from '@derand/registry';
import type { StructureConfig } from '../config/config.js';

/**
 * The paper's Fig. 3 setting: d = 2, h = 1000, n = 50 fresh samples per step, teacher
 * tanh(u·x) with u = (1,1)/√2, student softplus_2 with trainable bias and frozen second layer,
 * λ = 1e-5 on W, 10 000 steps of the authors' perturbed gradient descent (noise 0.005 on W and b
 * when ‖∇_W f‖ < 1e-6). Step sizes are mean-field scaled, η_W = 0.8·√h ≈ 25.3 and
 * η_b = 0.25·h = 250 (docs/decisions/0401-structure-step-sizes.md).
 *
 * @example const result = runStructureDiscovery(paperFig3Preset());
 */
export function paperFig3Preset(): StructureConfig {
  return {
    inputDim: 2,
    teacher: { k: 1, directions: 'ones', link: 'tanh' },
    student: { widths: [1000], activation: 'softplus:2', bias: 'trainable', trainOutput: false, init: 'paper' },
    loss: { id: 'mse', options: {} },
    optimizer: {
      id: 'authors-pgd',
      options: { learningRates: { W: 0.8 * Math.sqrt(1000), b: 250 }, noiseStd: 0.005, threshold: 1e-6, watch: ['W'], perturb: ['W', 'b'] },
    },
    lambda: 1e-5,
    lambdaGroups: ['W'],
    data: { kind: 'online', batch: 50 },
    steps: 10_000,
    test: { size: 10_000, every: 1000 },
    snapshots: { count: 40, neurons: 100 },
    certificate: { samples: 1024, lanczosSteps: 20, hvp: 'autodiff' },
  };
}

/**
 * The multi-index setting: d = 20, k = 2 random orthonormal directions, y = mean of tanh(uⱼ·x),
 * h = 512, 5000 online steps of the authors' perturbed gradient descent, λ = 1e-5.
 *
 * @example runStructureDiscovery(multiIndexPreset());
 */
export function multiIndexPreset(): StructureConfig {
  const h = 512;
  return {
    ...paperFig3Preset(),
    inputDim: 20,
    teacher: { k: 2, directions: 'random', link: 'tanh', reduce: 'mean' },
    student: { widths: [h], activation: 'softplus:2', bias: 'trainable', trainOutput: false, init: 'paper' },
    optimizer: {
      id: 'authors-pgd',
      options: { learningRates: { W: 0.8 * Math.sqrt(h), b: 0.25 * h }, noiseStd: 0.005, threshold: 1e-6, watch: ['W'], perturb: ['W', 'b'] },
    },
    steps: 5000,
    test: { size: 10_000, every: 1000 },
    certificate: { samples: 1024, lanczosSteps: 20, hvp: 'autodiff' },
  };
}

/**
 * A depth-4 student (three softplus_2 hidden layers of 64, He initialisation) with every
 * parameter trainable (biases and output layer included), on the paper's single-index teacher in
 * d = 2, trained by online gradient descent (η = 0.05) with λ = 1e-2 on W: the paper's claims
 * (a)–(b). λ is larger than in the two-layer presets because a deep student leaves W⊥ almost
 * flat, so it decays at the rate 2λη of the regulariser alone (measured in
 * docs/decisions/0401-structure-step-sizes.md); λ on W only costs the fit little, since the
 * unregularised later layers can rescale.
 *
 * @example runStructureDiscovery(deepPreset());
 */
export function deepPreset(depth = 4): StructureConfig {
  if (!Number.isInteger(depth) || depth < 2) throw new DerandError('BAD_OPTION', `Depth must be an integer ≥ 2 (got ${depth}).`);
  return {
    ...paperFig3Preset(),
    student: { widths: Array.from({ length: depth - 1 }, () => 64), activation: 'softplus:2', bias: 'trainable', trainOutput: true, outputBias: true, init: 'he-normal' },
    optimizer: { id: 'gd', options: { learningRate: 0.05 } },
    lambda: 1e-2,
    steps: 10_000,
    certificate: { samples: 1024, lanczosSteps: 20, hvp: 'autodiff' },
  };
}

/** Single-run presets by name. */
export const STRUCTURE_PRESETS = {
  'paper-fig3': paperFig3Preset,
  'multi-index': multiIndexPreset,
  deep: () => deepPreset(4),
  'deep-3': () => deepPreset(3),
} as const;
export type StructurePresetName = keyof typeof STRUCTURE_PRESETS;

/**
 * The configuration of a named preset.
 *
 * @throws DerandError (UNKNOWN_PRESET) listing the presets and the closest name.
 * @example structurePreset('paper-fig3');
 */
export function structurePreset(name: string): StructureConfig {
  const make = (STRUCTURE_PRESETS as Record<string, (() => StructureConfig) | undefined>)[name];
  if (make === undefined) {
    const names = Object.keys(STRUCTURE_PRESETS);
    const closest = closestMatches(name, names);
    throw new DerandError(
      'UNKNOWN_PRESET',
      `Unknown preset '${name}'.${closest.length > 0 ? ` Did you mean ${closest.map((c) => `'${c}'`).join(', ')}?` : ''} Presets: ${names.join(', ')}.`,
      { details: { preset: name, available: names } },
    );
  }
  return make();
}
