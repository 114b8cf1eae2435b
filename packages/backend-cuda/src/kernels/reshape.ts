import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { CudaBackend } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';

/** A tensor sharing `x`'s device buffer under another shape (one more reference to its data). */
export function reshapeInfo(backend: CudaBackend, x: TensorInfo, shape: number[]): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** Reshape: no data moves; `-1` in the target shape is inferred. */
export const reshapeKernel: CudaKernel = {
  kernelName: 'Reshape',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'x');
    const size = tf.util.sizeFromShape(x.shape);
    const shape = tf.util.inferFromImplicitShape(attrs['shape'] as number[], size);
    tf.util.assert(tf.util.sizeFromShape(shape) === size, () => `Reshape of [${x.shape.join(',')}] to [${shape.join(',')}]: sizes differ`);
    return reshapeInfo(backend, x, shape);
  },
};

/** ExpandDims: a size-1 axis inserted at `dim` (negative counts from the end). */
export const expandDimsKernel: CudaKernel = {
  kernelName: 'ExpandDims',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'input');
    const dim = attrs['dim'] as number;
    const axis = dim < 0 ? x.shape.length + dim + 1 : dim;
    const shape = [...x.shape];
    shape.splice(axis, 0, 1);
    return reshapeInfo(backend, x, shape);
  },
};

/** Identity: the same data, one more reference. */
export const identityKernel: CudaKernel = {
  kernelName: 'Identity',
  run: (backend, inputs) => reshapeInfo(backend, input(inputs, 'x'), [...input(inputs, 'x').shape]),
};
