import * as tf from '@tensorflow/tfjs-core';
import { defineActivation, type Activation } from './activation.js';

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Φ(z) = ½(1 + erf(z/√2)), the standard normal CDF. */
function normalCdf(z: tf.Tensor): tf.Tensor {
  return tf.mul(tf.add(tf.erf(tf.mul(z, INV_SQRT2)), 1), 0.5);
}

/** φ_N(z) = e^{−z²/2}/√(2π), the standard normal density. */
function normalPdf(z: tf.Tensor): tf.Tensor {
  return tf.mul(tf.exp(tf.mul(tf.square(z), -0.5)), INV_SQRT_2PI);
}

/**
 * Gaussian error linear unit (exact form, not the tanh approximation).
 *
 * φ(z) = z Φ(z),  φ′(z) = Φ(z) + z φ_N(z),  φ″(z) = φ_N(z)(2 − z²),
 * with Φ and φ_N the standard normal CDF and density.
 *
 * @example const phi = gelu();
 * @see Hendrycks & Gimpel, "Gaussian Error Linear Units (GELUs)", 2016.
 */
export function gelu(): Activation {
  return defineActivation({
    id: 'gelu',
    label: 'gelu',
    smooth: true,
    apply: (z) => tf.tidy(() => tf.mul(z, normalCdf(z))),
    derivative: (z) => tf.tidy(() => tf.add(normalCdf(z), tf.mul(z, normalPdf(z)))),
    withDerivative: (z) =>
      tf.tidy((): [tf.Tensor, tf.Tensor] => {
        const cdf = normalCdf(z);
        return [tf.mul(z, cdf), tf.add(cdf, tf.mul(z, normalPdf(z)))];
      }),
  });
}
