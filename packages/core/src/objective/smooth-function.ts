import type * as tf from '@tensorflow/tfjs-core';
import { definePlugin, z } from '@derand/registry';
import type { Params } from '../params/params.js';
import type { RandomKey } from '../random/key.js';
import { randomSmoothFunction } from './random-smooth-function.js';

/** g_θ on a batch, y [S, k] ↦ [S], built from tfjs ops (twice differentiable). */
export type SmoothG = (y: tf.Tensor2D, theta: Params) => tf.Tensor1D;

/**
 * What a plugin of kind `smooth-function` builds: the kept part g_θ of the lemma's objective
 * f(W, b, θ) = E_x[g_θ(Wx + b)] + λ‖W‖²_F, for any input dimension k it supports.
 */
export interface SmoothFunction {
  /** k when g fixes it (the lemma solver then uses it); absent: any k. */
  readonly inputDim?: number;
  /**
   * g and its initial θ at input dimension k; θ's tensors pass to the caller (which disposes
   * them). A g without parameters returns `theta: {}`.
   */
  build(k: number, key: RandomKey): { readonly theta: Params; readonly g: SmoothG };
}

/** The options of the built-in random MLP g. */
export const randomMlpOptionsSchema = z
  .object({
    hidden: z.array(z.number().int().positive()).min(1).default([16, 16]).meta({ flag: 'hidden' }).describe('hidden widths of the random MLP g'),
    activations: z
      .array(z.enum(['softplus', 'tanh', 'sigmoid']))
      .min(1)
      .default(['softplus', 'tanh'])
      .meta({ flag: 'activations' })
      .describe('activations of the hidden layers of g, cycled'),
  })
  .strict();

/**
 * The built-in g of the lemma check: a random MLP with smooth activations and a soft confinement
 * ({@link randomSmoothFunction}), drawn from the solver's key.
 */
export const randomMlpFunction = definePlugin({
  kind: 'smooth-function',
  id: 'random-mlp',
  summary: 'a random MLP g: R^k → R with smooth activations and a soft confinement (the lemma check’s default g)',
  options: randomMlpOptionsSchema,
  source: '@derand/core',
  create: (options): SmoothFunction => ({
    build: (k, key) => randomSmoothFunction(key, { inputDim: k, hidden: options.hidden, activations: options.activations }),
  }),
});

/** The core's `smooth-function` plugins. */
export const smoothFunctionPlugins = [randomMlpFunction] as const;
