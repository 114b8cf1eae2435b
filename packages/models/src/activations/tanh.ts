import * as tf from '@tensorflow/tfjs-core';
import { defineActivation, type Activation } from './activation.js';

/** Above this many entries the sigmoid form wins; below it one `Tanh` kernel is cheaper than four. */
const LARGE = 4096;

/**
 * tanh(z), as 2σ(2z) − 1 for large tensors: one vectorised sigmoid instead of the scalar `Tanh`
 * kernel (about 10× faster on wasm; absolute error below 1e-7).
 */
function tanhOf(z: tf.Tensor): tf.Tensor {
  return z.size < LARGE ? tf.tanh(z) : tf.sub(tf.mul(tf.sigmoid(tf.mul(z, 2)), 2), 1);
}

/**
 * Hyperbolic tangent.
 *
 * φ(z) = tanh z,  φ′(z) = 1 − tanh² z,  φ″(z) = −2 tanh z (1 − tanh² z).
 *
 * @example const phi = tanh(); phi.apply(tf.tensor1d([0, 1]));
 */
export function tanh(): Activation {
  return defineActivation({
    id: 'tanh',
    label: 'tanh',
    smooth: true,
    apply: (z) => tf.tidy(() => tanhOf(z)),
    derivative: (z) => tf.tidy(() => tf.sub(1, tf.square(tanhOf(z)))),
    withDerivative: (z) =>
      tf.tidy((): [tf.Tensor, tf.Tensor] => {
        const t = tanhOf(z);
        return [t, tf.sub(1, tf.square(t))];
      }),
  });
}
