import type * as tf from '@tensorflow/tfjs-core';

/**
 * An elementwise activation φ with its derivative as tensor expressions.
 *
 * Both `apply` and `derivative` are built from tfjs ops whose gradients are correct to any
 * order (after `startEngine`), so φ′ and φ″ come out right under nested `tf.grad`; this is
 * what Hessian–vector products through a model need. `withDerivative` returns φ(z) and φ′(z)
 * together, sharing work; the fused backward pass of {@link mlpValueAndGradients} uses it.
 */
export interface Activation {
  /** Kind of the activation: `softplus`, `tanh`, `hermite`, … */
  readonly id: string;
  /** Id with parameters, for results and plots: `softplus_2`, `He_3`. */
  readonly label: string;
  /** True when φ is C² with a locally Lipschitz Hessian (what the lemma needs). */
  readonly smooth: boolean;
  /** φ(z), elementwise. */
  apply(z: tf.Tensor): tf.Tensor;
  /** φ′(z), elementwise, itself differentiable (φ″ by autodiff). */
  derivative(z: tf.Tensor): tf.Tensor;
  /** [φ(z), φ′(z)], sharing intermediate results where possible. */
  withDerivative(z: tf.Tensor): [tf.Tensor, tf.Tensor];
  /**
   * Set when φ(z) = ψ(s·z)/s for a base activation ψ (softplus_ι: s = ι, ψ = softplus). The
   * fused pass then scales the layer's weights and bias by s and the next layer's weights by
   * 1/s (small tensors) instead of the n × units activations.
   */
  readonly scaled?: { readonly scale: number; readonly base: Activation };
}

/**
 * Builds an {@link Activation}; `withDerivative` defaults to calling `apply` and `derivative`.
 *
 * @example
 * const cube = defineActivation({
 *   id: 'cube', label: 'z^3', smooth: true,
 *   apply: (z) => tf.pow(z, 3),
 *   derivative: (z) => tf.mul(3, tf.square(z)),
 * });
 */
export function defineActivation(
  definition: Omit<Activation, 'withDerivative'> & { withDerivative?: Activation['withDerivative'] },
): Activation {
  return {
    ...definition,
    withDerivative: definition.withDerivative ?? ((z) => [definition.apply(z), definition.derivative(z)]),
  };
}
