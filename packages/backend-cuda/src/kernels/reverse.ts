import * as tf from '@tensorflow/tfjs-core';
import { input, type CudaKernel } from '../kernel.js';
import { stridesOf } from '../shape.js';
import { copyStrided } from './copy.js';

/** Reverse: the listed axes read backwards (negative source strides from the last element). */
export const reverseKernel: CudaKernel = {
  kernelName: 'Reverse',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'x');
    const axes = tf.util.parseAxisParam(attrs['dims'] as number | number[], x.shape);
    const inStrides = stridesOf(x.shape);
    let offset = 0;
    const src = inStrides.map((s, d) => {
      if (!axes.includes(d)) return s;
      offset += ((x.shape[d] ?? 1) - 1) * s;
      return -s;
    });
    const out = backend.allocate([...x.shape], x.dtype);
    if (tf.util.sizeFromShape(x.shape) > 0) copyStrided(backend, x, offset, src, out, 0, inStrides, x.shape);
    return out;
  },
};
