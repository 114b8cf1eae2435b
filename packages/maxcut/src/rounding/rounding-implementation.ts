import * as tf from '@tensorflow/tfjs-core';
import type { ProbitCutImplementation } from './probit-cut-objective.js';

/** What a caller asks of the rounding: a fixed implementation, or `'auto'` (chosen per backend). */
export type RoundingImplementationChoice = 'auto' | ProbitCutImplementation;

/**
 * Backends whose tensors live in host memory: there the fused float64 host pass is faster than
 * the tensor path (wasm, G1: decision record 0207), and reading V and μ back costs nothing.
 */
export const HOST_MEMORY_BACKENDS: readonly string[] = ['cpu', 'wasm'];

/**
 * The probit objective's implementation for a backend: `'host'` on the backends of
 * {@link HOST_MEMORY_BACKENDS}, `'tensor'` on every other (cuda, cuda-emulator, webgl …), so
 * that a rounding step on a device never leaves it. An explicit choice is kept as given.
 *
 * @param choice - `'auto'`, `'host'` or `'tensor'`
 * @param backend - tfjs backend name (default: the active one)
 * @example resolveRoundingImplementation('auto', 'cuda'); // 'tensor'
 */
export function resolveRoundingImplementation(choice: RoundingImplementationChoice, backend: string = tf.getBackend()): ProbitCutImplementation {
  if (choice !== 'auto') return choice;
  return HOST_MEMORY_BACKENDS.includes(backend) ? 'host' : 'tensor';
}
