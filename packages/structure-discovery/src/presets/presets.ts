import { DerandError, closestMatches } from '@derand/registry';
import type { StructureConfig } from '../config/config.js';

/** Mean-field step sizes of the two-layer presets: η_W = 0.8·√h, η_b = 0.25·h (docs/decisions/0401-structure-step-sizes.md). */
export function meanFieldStepSizes(h: number): { W: { learningRate: number }; b: { learningRate: number } } {
  return { W: { learningRate: 0.8 * Math.sqrt(h) }, b: { learningRate: 0.25 * h } };
}

/**
 * The paper's Fig. 3 setting, which is also every default of the structure solver's schema:
 * d = 2, h = 1000, n = 50 fresh samples per step, teacher tanh(u·x) with u = (1,1)/√2, student
 * softplus_2 with trainable bias and frozen second layer, λ = 1e-5 on W, 10 000 steps of the
 * authors' perturbed gradient descent (noise 0.005 on W and b when ‖∇_W f‖ < 1e-6) with
 * η_W = 0.8·√h ≈ 25.3 and η_b = 250.
 *
 * @example const result = runStructureDiscovery(paperFig3Preset());
 */
export function paperFig3Preset(): StructureConfig {
  return { preset: 'paper-fig3' };
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
    inputDim: 20,
    teacher: { k: 2, directions: 'random', link: 'tanh', reduce: 'mean' },
    student: { widths: [h] },
    optimizer: { id: 'authors-pgd', options: { groups: meanFieldStepSizes(h) } },
    steps: 5000,
  };
}

/**
 * A depth-d student (d − 1 softplus_2 hidden layers of 64, He initialisation) with every
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
    student: { widths: Array.from({ length: depth - 1 }, () => 64), trainOutput: true, outputBias: true, init: 'he-normal' },
    optimizer: { id: 'gd', options: { learningRate: 0.05 } },
    lambda: 1e-2,
  };
}

/** Single-run presets by name: partial options layered under the user's (see the solver schema). */
export const STRUCTURE_PRESETS = {
  'paper-fig3': () => ({}) as StructureConfig,
  'multi-index': multiIndexPreset,
  deep: () => deepPreset(4),
  'deep-3': () => deepPreset(3),
} as const;
export type StructurePresetName = keyof typeof STRUCTURE_PRESETS;

/**
 * The options of a named preset (with `preset` set, so the solver layers it itself).
 *
 * @throws DerandError (UNKNOWN_PRESET) listing the presets and the closest name.
 * @example structurePreset('multi-index');
 */
export function structurePreset(name: string): StructureConfig {
  if (!(name in STRUCTURE_PRESETS)) {
    const names = Object.keys(STRUCTURE_PRESETS);
    const closest = closestMatches(name, names);
    throw new DerandError(
      'UNKNOWN_PRESET',
      `Unknown preset '${name}'.${closest.length > 0 ? ` Did you mean ${closest.map((c) => `'${c}'`).join(', ')}?` : ''} Presets: ${names.join(', ')}.`,
      { details: { preset: name, available: names } },
    );
  }
  return { preset: name as StructurePresetName };
}
