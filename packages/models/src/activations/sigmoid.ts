import * as tf from '@tensorflow/tfjs-core';
import { defineActivation, type Activation } from './activation.js';

/**
 * Logistic sigmoid.
 *
 * φ(z) = σ(z) = 1/(1 + e^{−z}),  φ′ = σ(1 − σ),  φ″ = σ(1 − σ)(1 − 2σ).
 *
 * @example const phi = sigmoid();
 */
export function sigmoid(): Activation {
  const derivativeOf = (s: tf.Tensor): tf.Tensor => tf.mul(s, tf.sub(1, s));
  return defineActivation({
    id: 'sigmoid',
    label: 'sigmoid',
    smooth: true,
    apply: (z) => tf.sigmoid(z),
    derivative: (z) => tf.tidy(() => derivativeOf(tf.sigmoid(z))),
    withDerivative: (z) =>
      tf.tidy((): [tf.Tensor, tf.Tensor] => {
        const s = tf.sigmoid(z);
        return [s, derivativeOf(s)];
      }),
  });
}
