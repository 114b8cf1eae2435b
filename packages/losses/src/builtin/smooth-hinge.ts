import * as tf from '@tensorflow/tfjs-core';
import { z } from '@derand/registry';
import { defineLoss, type Loss } from '../loss.js';

/**
 * Quadratically smoothed hinge for targets y ∈ {−1, +1}, with u = 1 − yŷ and width γ:
 * ℓ = 0 (u ≤ 0), u²/(2γ) (0 < u < γ), u − γ/2 (u ≥ γ);  ∂ℓ/∂ŷ = −y·min(max(u, 0), γ)/γ.
 * Its gradient is (1/γ)-Lipschitz; the second derivative (1/γ on 0 < u < γ, else 0) jumps, so
 * it is C¹, not C² (`smoothness: 'C1'`): PGD applies, the Hessian-Lipschitz constant does not.
 * Computed as q²/(2γ) + (p − q) with p = relu(u), q = min(p, γ).
 *
 * @param gamma γ > 0 (default 1).
 * @example const loss = smoothHinge({ gamma: 0.5 });
 * @see Rennie & Srebro, "Loss functions for preference levels", IJCAI 2005 workshop (smooth hinge).
 */
export const smoothHingeLoss = defineLoss({
  id: 'smooth-hinge',
  summary: 'Quadratically smoothed hinge loss for ±1 targets (C¹, gradient 1/γ-Lipschitz).',
  source: '@derand/losses',
  options: z.object({ gamma: z.number().positive().default(1) }).strict(),
  create: ({ gamma }) => ({
    label: `smooth-hinge(γ=${gamma})`,
    targets: 'sign' as const,
    smoothness: 'C1' as const,
    perSample: (p, y) =>
      tf.tidy(() => {
        const positive = tf.relu(tf.sub(1, tf.mul(y, p)));
        const q = tf.minimum(positive, gamma);
        return tf.sum(tf.add(tf.div(tf.square(q), 2 * gamma), tf.sub(positive, q)), 1);
      }),
    derivative: (p, y) =>
      tf.tidy(() => {
        const q = tf.minimum(tf.relu(tf.sub(1, tf.mul(y, p))), gamma);
        return tf.mul(tf.neg(y), tf.div(q, gamma));
      }),
  }),
});

/**
 * The smoothed hinge {@link Loss} with width γ (default 1).
 *
 * @example const loss = smoothHinge({ gamma: 0.5 });
 */
export const smoothHinge = (options: { gamma?: number } = {}): Loss => smoothHingeLoss.create(smoothHingeLoss.options.parse(options));
