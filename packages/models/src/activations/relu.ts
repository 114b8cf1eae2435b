import * as tf from '@tensorflow/tfjs-core';
import { defineActivation, type Activation } from './activation.js';

/**
 * ReLU, φ(z) = max(z, 0), φ′(z) = 1[z > 0]. Not smooth (φ″ is a Dirac mass at 0), so it is
 * offered as a teacher link, and a student built with it is rejected: use `softplus(ι)`.
 *
 * @example const link = relu();
 */
export function relu(): Activation {
  return defineActivation({
    id: 'relu',
    label: 'relu',
    smooth: false,
    apply: (z) => tf.relu(z),
    derivative: (z) => tf.step(z),
  });
}
