import * as tf from '@tensorflow/tfjs-core';
import { defineLoss, type Loss } from '../loss.js';

const LOG2 = Math.log(2);

/**
 * Log-cosh loss, smooth and robust: ℓ = Σⱼ log cosh(rⱼ), ∂ℓ/∂ŷⱼ = tanh(rⱼ),
 * ∂²ℓ/∂ŷⱼ² = 1 − tanh²(rⱼ), r = ŷ − y. Evaluated as |r| + log(1 + e^{−2|r|}) − log 2 so that
 * it never overflows.
 *
 * @example const loss = logCosh();
 */
export const logCoshLoss = defineLoss({
  id: 'log-cosh',
  summary: 'Log-cosh loss Σ log cosh(ŷ − y): ≈ r²/2 near 0, ≈ |r| in the tails.',
  source: '@derand/losses',
  label: 'log-cosh',
  perSample: (p, y) =>
    tf.tidy(() => {
      const a = tf.abs(tf.sub(p, y));
      return tf.sum(tf.sub(tf.add(a, tf.softplus(tf.mul(a, -2))), LOG2), 1);
    }),
  derivative: (p, y) => tf.tidy(() => tf.tanh(tf.sub(p, y))),
});

/**
 * The log-cosh {@link Loss}.
 *
 * @example const loss = logCosh();
 */
export const logCosh = (): Loss => logCoshLoss.create({});
