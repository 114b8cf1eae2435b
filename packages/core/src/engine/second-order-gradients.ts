import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

/**
 * Gradients that are correct to differentiate again.
 *
 * tfjs-core's own gradients for Tanh, Sigmoid, Exp, Softmax, LogSoftmax and Pow use the
 * *saved forward output*; under nested `tf.grad` that output is not connected to the input on
 * the outer tape, so Hessian–vector products through them come out silently wrong
 * (tfjs issue #3252). These replacements save the inputs and recompute, so every derivative
 * of any order stays on the tape. First derivatives are unchanged.
 */
const configs: GradConfig[] = [
  {
    kernelName: 'Tanh',
    inputsToSave: ['x'],
    gradFunc: (dyIn, saved) => {
      const dy = dyIn as Tensor;
      const [x] = saved as [Tensor];
      // d tanh = 1 − tanh²(x)
      return { x: () => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x)))) };
    },
  },
  {
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dyIn, saved) => {
      const dy = dyIn as Tensor;
      const [x] = saved as [Tensor];
      // d σ = σ(x)(1 − σ(x)) = σ(x)σ(−x): the second form keeps float32 precision for large |x|
      return { x: () => tf.mul(dy, tf.mul(tf.sigmoid(x), tf.sigmoid(tf.neg(x)))) };
    },
  },
  {
    kernelName: 'Exp',
    inputsToSave: ['x'],
    gradFunc: (dyIn, saved) => {
      const dy = dyIn as Tensor;
      const [x] = saved as [Tensor];
      return { x: () => tf.mul(dy, tf.exp(tf.cast(x, 'float32'))) };
    },
  },
  {
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dyIn, saved, attrs: NamedAttrMap) => {
      const dy = dyIn as Tensor;
      const [logits] = saved as [Tensor];
      const dim = attrs['dim'] as number;
      return {
        logits: () => {
          const y = tf.softmax(logits, dim);
          const dyTimesY = tf.mul(dy, y);
          return tf.sub(dyTimesY, tf.mul(tf.sum(dyTimesY, [dim], true), y));
        },
      };
    },
  },
  {
    kernelName: 'LogSoftmax',
    inputsToSave: ['logits'],
    gradFunc: (dyIn, saved, attrs: NamedAttrMap) => {
      const dy = dyIn as Tensor;
      const [logits] = saved as [Tensor];
      const axis = attrs['axis'] as number | number[];
      return { logits: () => tf.sub(dy, tf.mul(tf.sum(dy, axis, true), tf.softmax(logits, Array.isArray(axis) ? axis[0] : axis))) };
    },
  },
  {
    kernelName: 'Pow',
    inputsToSave: ['a', 'b'],
    gradFunc: (dyIn, saved) => {
      const dy = dyIn as Tensor;
      const [a, b] = saved as [Tensor, Tensor];
      const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const reduceTo = (grad: Tensor, shape: number[]): Tensor => {
        const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
        const reduced = axes.length > 0 ? tf.sum(grad, axes) : grad;
        return tf.reshape(reduced, shape);
      };
      return {
        a: () => reduceTo(tf.mul(dy, tf.mul(tf.cast(b, 'float32'), tf.pow(a, tf.sub(b, 1)))), a.shape),
        b: () => {
          const logBase = tf.where(tf.greater(a, 0), tf.log(a), tf.zerosLike(a));
          return reduceTo(tf.mul(dy, tf.mul(tf.pow(a, b), logBase)), b.shape);
        },
      };
    },
  },
];

/** Registers the double-backprop-safe gradients (idempotent). */
export function registerSecondOrderGradients(): void {
  for (const config of configs) tf.registerGradient(config);
}

/** Kernel names whose gradients {@link registerSecondOrderGradients} replaces. */
export const SECOND_ORDER_SAFE_KERNELS: readonly string[] = configs.map((c) => c.kernelName);
