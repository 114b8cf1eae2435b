import * as tf from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { defineActivation, type Activation } from './activation.js';

/**
 * Coefficients of p′ given those of p (index i holds the coefficient of zⁱ): (cᵢ) ↦ ((i + 1)·c_{i+1}).
 *
 * @example differentiateCoefficients([0, -1, 0, 1]); // [-1, 0, 3]: (z³ − z)′ = 3z² − 1
 */
export function differentiateCoefficients(coefficients: readonly number[]): number[] {
  return coefficients.slice(1).map((c, i) => c * (i + 1));
}

/** p(z) by Horner's rule: c₀ + z(c₁ + z(c₂ + …)); zero coefficients cost no op. */
function horner(z: tf.Tensor, coefficients: readonly number[]): tf.Tensor {
  const degree = coefficients.length - 1;
  if (degree < 0) return tf.zerosLike(z);
  if (degree === 0) return tf.fill(z.shape, coefficients[0] ?? 0);
  let acc: tf.Tensor = tf.mul(z, coefficients[degree] ?? 0);
  for (let i = degree - 1; i >= 1; i--) {
    const c = coefficients[i] ?? 0;
    acc = tf.mul(z, c === 0 ? acc : tf.add(acc, c));
  }
  const c0 = coefficients[0] ?? 0;
  return c0 === 0 ? acc : tf.add(acc, c0);
}

/**
 * A polynomial activation φ(z) = Σᵢ cᵢ zⁱ with φ′(z) = Σᵢ i cᵢ z^{i−1}, both by Horner's rule.
 *
 * @param coefficients c₀, c₁, …, c_k (float64; at least one).
 * @param label name for results and plots.
 * @example const phi = polynomial([0, -1, 0, 1], 'z^3 - z');
 */
export function polynomial(coefficients: readonly number[], label: string, id = 'polynomial'): Activation {
  if (coefficients.length === 0 || coefficients.some((c) => !Number.isFinite(c))) {
    throw new DerandError('BAD_ACTIVATION', `A polynomial activation needs finite coefficients (got [${coefficients.join(', ')}]).`);
  }
  const derivative = differentiateCoefficients(coefficients);
  return defineActivation({
    id,
    label,
    smooth: true,
    apply: (z) => tf.tidy(() => horner(z, coefficients)),
    derivative: (z) => tf.tidy(() => horner(z, derivative)),
  });
}

/**
 * φ(z) = z²/2,  φ′(z) = z,  φ″(z) = 1 (the authors' unnormalised quadratic).
 *
 * @example const phi = quadratic();
 */
export function quadratic(): Activation {
  return polynomial([0, 0, 0.5], 'z^2/2', 'quadratic');
}

/**
 * φ(z) = z³ − z,  φ′(z) = 3z² − 1,  φ″(z) = 6z.
 *
 * @example const phi = cubic();
 */
export function cubic(): Activation {
  return polynomial([0, -1, 0, 1], 'z^3-z', 'cubic');
}

/**
 * The identity: φ(z) = z, φ′(z) = 1, φ″(z) = 0. `apply` returns a clone (no copy of the data),
 * so that `tf.grad` sees an op between input and output.
 *
 * @example const out = linear();
 */
export function linear(): Activation {
  return defineActivation({
    id: 'linear',
    label: 'linear',
    smooth: true,
    apply: (z) => tf.clone(z),
    derivative: (z) => tf.onesLike(z),
  });
}
