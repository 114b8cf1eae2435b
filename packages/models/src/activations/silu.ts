import * as tf from '@tensorflow/tfjs-core';
import { defineActivation, type Activation } from './activation.js';

/**
 * Sigmoid linear unit (swish with β = 1).
 *
 * φ(z) = z σ(z),  φ′(z) = σ(z)(1 + z(1 − σ(z))),  φ″(z) = σ(1 − σ)(2 + z(1 − 2σ)).
 *
 * @example const phi = silu();
 * @see Elfwing, Uchibe & Doya, "Sigmoid-weighted linear units", 2018.
 */
export function silu(): Activation {
  const derivativeOf = (z: tf.Tensor, s: tf.Tensor): tf.Tensor => tf.mul(s, tf.add(1, tf.mul(z, tf.sub(1, s))));
  return defineActivation({
    id: 'silu',
    label: 'silu',
    smooth: true,
    apply: (z) => tf.tidy(() => tf.mul(z, tf.sigmoid(z))),
    derivative: (z) => tf.tidy(() => derivativeOf(z, tf.sigmoid(z))),
    withDerivative: (z) =>
      tf.tidy((): [tf.Tensor, tf.Tensor] => {
        const s = tf.sigmoid(z);
        return [tf.mul(z, s), derivativeOf(z, s)];
      }),
  });
}
