import * as tf from '@tensorflow/tfjs-core';
import type { Params } from './params.js';

/**
 * f(xs) and ∂f/∂x for each x, where an input f does not depend on (or depends on only
 * linearly, when differentiating a gradient) gets a zero gradient instead of tfjs's
 * "Cannot compute gradient" error. Needed for Hessian–vector products, where parameters that
 * enter f linearly (an output bias) have no second-order path.
 */
export function valueAndGradsOrZeros(f: (...xs: tf.Tensor[]) => tf.Scalar, xs: readonly tf.Tensor[]): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.engine().gradients(() => f(...xs), [...xs], undefined, true);
  return { value: value, grads: grads.map((g, i) => (g === null || g === undefined ? tf.zerosLike(xs[i]!) : g)) };
}

/** f(params) and ∇f as Params under the same names, by the tape (zeros where f does not depend on a group). */
export function valueAndGradsOfParams(f: (params: Params) => tf.Scalar, params: Params): { value: tf.Scalar; grads: Params } {
  const names = Object.keys(params);
  const named = (xs: readonly tf.Tensor[]): Params => Object.fromEntries(names.map((n, i) => [n, xs[i]!]));
  const { value, grads } = valueAndGradsOrZeros((...xs) => f(named(xs)), names.map((n) => params[n]!));
  return { value, grads: named(grads) };
}
