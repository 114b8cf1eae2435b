import * as tf from '@tensorflow/tfjs-core';
import { foldIn, type RandomKey } from '../random/key.js';
import { randomNormal } from '../random/kernels.js';
import type { Params } from '../params/params.js';

export type SmoothActivation = 'softplus' | 'tanh' | 'sigmoid';

export interface RandomSmoothFunctionOptions {
  /** Input dimension k of g. */
  readonly inputDim: number;
  /** Hidden widths, one per hidden layer (default [16, 16]: a 3-layer MLP). */
  readonly hidden?: readonly number[];
  /** Activation per hidden layer, cycled (default softplus, tanh). */
  readonly activations?: readonly SmoothActivation[];
  /** Weight scale of each layer: W ~ N(0, scale²/fan_in) (default 1.5). */
  readonly scale?: number;
  /** Strength γ of the smooth confinement γ·Σ_i softplus(y_i² − R²) (default 0.1, R = 3). */
  readonly confinement?: number;
}

const apply = (a: SmoothActivation, x: tf.Tensor): tf.Tensor => (a === 'softplus' ? tf.softplus(x) : a === 'tanh' ? tf.tanh(x) : tf.sigmoid(x));

/**
 * A random smooth g_θ: R^k → R for the lemma check: an MLP with smooth activations plus a
 * confinement γ·Σ_i softplus(y_i² − 9) that is ≈ 0 on the box |y_i| < 3 and keeps minimisers
 * in b finite. Returns θ (to be trained jointly) and g, batched: y [S, k] ↦ [S].
 */
export function randomSmoothFunction(key: RandomKey, options: RandomSmoothFunctionOptions): { theta: Params; g: (y: tf.Tensor2D, theta: Params) => tf.Tensor1D } {
  const hidden = options.hidden ?? [16, 16];
  const activations = options.activations ?? ['softplus', 'tanh'];
  const scale = options.scale ?? 1.5;
  const gamma = options.confinement ?? 0.1;
  const sizes = [options.inputDim, ...hidden, 1];
  const theta: Record<string, tf.Tensor> = {};
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    theta[`w${l}`] = randomNormal(foldIn(key, `w${l}`), [fanIn, sizes[l + 1]!], 0, scale / Math.sqrt(fanIn));
    theta[`c${l}`] = randomNormal(foldIn(key, `c${l}`), [sizes[l + 1]!], 0, 0.5);
  }
  const layers = sizes.length - 1;
  const g = (y: tf.Tensor2D, th: Params): tf.Tensor1D =>
    tf.tidy(() => {
      let h: tf.Tensor = y;
      for (let l = 0; l < layers; l++) {
        h = tf.add(tf.matMul(h, th[`w${l}`]!), th[`c${l}`]!);
        if (l < layers - 1) h = apply(activations[l % activations.length]!, h);
      }
      const confinement = tf.mul(gamma, tf.sum(tf.softplus(tf.sub(tf.square(y), 9)), 1));
      return tf.add<tf.Tensor1D>(tf.reshape(h, [-1]), confinement);
    });
  return { theta, g };
}
