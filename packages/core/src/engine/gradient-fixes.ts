import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

/**
 * Corrections to tfjs-core 4.22 gradients, found by the backend conformance table:
 * - Maximum, Minimum, SquaredDifference and BatchMatMul do not sum the gradient over
 *   broadcast dimensions, so any broadcast operand gets a gradient of the wrong shape;
 * - Prod's gradient calls chained tensor methods that tfjs-core's Node build never installs;
 * - comparisons have no gradient at all, so `tf.grad` fails through `where(x > 0, …)`;
 *   their gradient is zero almost everywhere, which is what we register.
 */

/** Sums `grad` over the axes along which `shape` was broadcast, then reshapes to `shape`. */
export function reduceToShape(grad: Tensor, shape: readonly number[]): Tensor {
  const axes = tf.backend_util.getReductionAxes([...shape], grad.shape);
  const reduced = axes.length > 0 ? tf.sum(grad, axes) : grad;
  return tf.reshape(reduced, [...shape]);
}

const asTensor = (dy: Tensor | Tensor[]): Tensor => dy as Tensor;

const selectGradient = (
  kernelName: string,
  takeA: (a: Tensor, b: Tensor) => Tensor,
  takeB: (a: Tensor, b: Tensor) => Tensor,
): GradConfig => ({
  kernelName,
  inputsToSave: ['a', 'b'],
  gradFunc: (dyIn, saved) => {
    const dy = asTensor(dyIn);
    const [a, b] = saved as [Tensor, Tensor];
    return {
      a: () => reduceToShape(tf.mul(dy, tf.cast(takeA(a, b), 'float32')), a.shape),
      b: () => reduceToShape(tf.mul(dy, tf.cast(takeB(a, b), 'float32')), b.shape),
    };
  },
});

const zeroGradient = (kernelName: string): GradConfig => ({
  kernelName,
  inputsToSave: ['a', 'b'],
  gradFunc: (_dy, saved) => {
    const [a, b] = saved as [Tensor, Tensor];
    return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
  },
});

function prodGradient(x: Tensor, dy: Tensor, axes: number[]): Tensor {
  const rank = x.rank;
  const permutation = tf.backend_util.getAxesPermutation(axes, rank);
  const permuted = permutation === null ? x : tf.transpose(x, permutation);
  const kept = permuted.shape.slice(0, rank - axes.length);
  const reducedSize = permuted.shape.slice(rank - axes.length).reduce((p, c) => p * c, 1);
  const flat = tf.reshape(permuted, [...kept, reducedSize]);
  const last = kept.length;
  // ∂/∂x_i Π_j x_j = Π_{j<i} x_j · Π_{j>i} x_j (exclusive products, safe at zeros)
  const partial = tf.mul(tf.cumprod(flat, last, true, false), tf.cumprod(flat, last, true, true));
  const grad = tf.mul(tf.reshape(dy, [...kept, 1]), partial);
  const unflat = tf.reshape(grad, permuted.shape);
  return permutation === null ? unflat : tf.transpose(unflat, tf.backend_util.getUndoAxesPermutation(permutation));
}

const configs: GradConfig[] = [
  selectGradient('Maximum', (a, b) => tf.greaterEqual(a, b), (a, b) => tf.less(a, b)),
  selectGradient('Minimum', (a, b) => tf.lessEqual(a, b), (a, b) => tf.greater(a, b)),
  {
    kernelName: 'SquaredDifference',
    inputsToSave: ['a', 'b'],
    gradFunc: (dyIn, saved) => {
      const dy = asTensor(dyIn);
      const [a, b] = saved as [Tensor, Tensor];
      return {
        a: () => reduceToShape(tf.mul(dy, tf.mul(2, tf.sub(a, b))), a.shape),
        b: () => reduceToShape(tf.mul(dy, tf.mul(2, tf.sub(b, a))), b.shape),
      };
    },
  },
  {
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dyIn, saved, attrs: NamedAttrMap) => {
      const dy = asTensor(dyIn);
      const [a, b] = saved as [Tensor, Tensor];
      const transposeA = attrs['transposeA'] === true;
      const transposeB = attrs['transposeB'] === true;
      // C = op(A)·op(B): dA = dy·op(B)ᵀ (or its transpose), dB likewise; then undo broadcasting.
      const gradA = (): Tensor =>
        transposeA ? (transposeB ? tf.matMul(b, dy, true, true) : tf.matMul(b, dy, false, true)) : transposeB ? tf.matMul(dy, b) : tf.matMul(dy, b, false, true);
      const gradB = (): Tensor =>
        transposeB ? (transposeA ? tf.matMul(dy, a, true, true) : tf.matMul(dy, a, true, false)) : transposeA ? tf.matMul(a, dy) : tf.matMul(a, dy, true, false);
      return { a: () => reduceToShape(gradA(), a.shape), b: () => reduceToShape(gradB(), b.shape) };
    },
  },
  {
    kernelName: 'Prod',
    inputsToSave: ['x'],
    gradFunc: (dyIn, saved, attrs: NamedAttrMap) => {
      const dy = asTensor(dyIn);
      const [x] = saved as [Tensor];
      const axis = attrs['axis'] as number | number[];
      const axes = tf.util.parseAxisParam(axis, x.shape);
      return { x: () => prodGradient(x, dy, axes) };
    },
  },
  ...['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'].map(zeroGradient),
];

/** Registers the corrected gradients (idempotent). */
export function registerGradientFixes(): void {
  for (const config of configs) tf.registerGradient(config);
}
