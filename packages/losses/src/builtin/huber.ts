import * as tf from '@tensorflow/tfjs-core';
import { z } from '@derand/registry';
import { defineLoss, type Loss } from '../loss.js';

/**
 * Smooth (pseudo-)Huber loss with scale δ: quadratic for |r| ≪ δ, linear for |r| ≫ δ, C^∞.
 *
 * ℓ = Σⱼ δ²(√(1 + (rⱼ/δ)²) − 1),  ∂ℓ/∂ŷⱼ = rⱼ/√(1 + (rⱼ/δ)²),
 * ∂²ℓ/∂ŷⱼ² = (1 + (rⱼ/δ)²)^{−3/2}, with r = ŷ − y.
 *
 * @param delta δ > 0 (default 1).
 * @example const loss = huber({ delta: 0.5 });
 * @see Charbonnier et al., "Two deterministic half-quadratic regularization algorithms", ICIP 1994.
 */
export const huberLoss = defineLoss({
  id: 'huber',
  summary: 'Smooth (pseudo-)Huber loss δ²(√(1 + (r/δ)²) − 1): quadratic near 0, linear in the tails.',
  source: '@derand/losses',
  options: z.object({ delta: z.number().positive().default(1) }).strict(),
  create: ({ delta }) => {
    const root = (r: tf.Tensor): tf.Tensor => tf.sqrt(tf.add(1, tf.square(tf.div(r, delta))));
    return {
      label: `huber(δ=${delta})`,
      perSample: (p, y) => tf.tidy(() => tf.sum(tf.mul(tf.sub(root(tf.sub(p, y)), 1), delta * delta), 1)),
      derivative: (p, y) =>
        tf.tidy(() => {
          const r = tf.sub(p, y);
          return tf.div(r, root(r));
        }),
    };
  },
});

/**
 * The pseudo-Huber {@link Loss} with scale δ (default 1).
 *
 * @example const loss = huber({ delta: 0.5 });
 */
export const huber = (options: { delta?: number } = {}): Loss => huberLoss.create(huberLoss.options.parse(options));
