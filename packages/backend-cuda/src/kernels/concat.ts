import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { CudaBackend } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { stridesOf } from '../shape.js';
import { copyStrided } from './copy.js';
import { sliceInfo } from './slice.js';

function listOf(inputs: Record<string, TensorInfo | undefined>): TensorInfo[] {
  return Object.values(inputs).filter((t): t is TensorInfo => t !== undefined);
}

/** Tensors joined along `axis`; each input is copied into its slab of the output. */
export function concatInfo(backend: CudaBackend, tensors: readonly TensorInfo[], axis: number): TensorInfo {
  const first = tensors[0];
  if (first === undefined) throw new Error('Concat of no tensors');
  const dtype = tensors.reduce((d, t) => tf.upcastType(d, t.dtype), first.dtype);
  const shape = tf.backend_util.computeOutShape(tensors.map((t) => t.shape), axis);
  const out = backend.allocate(shape, dtype);
  const outStrides = stridesOf(shape);
  let position = 0;
  for (const t of tensors) {
    if (t.dtype !== dtype) throw new Error(`Concat of ${t.dtype} with ${dtype}: cast the inputs to one dtype first`);
    if (tf.util.sizeFromShape(t.shape) > 0) {
      copyStrided(backend, t, 0, stridesOf(t.shape), out, position * (outStrides[axis] ?? 0), outStrides, t.shape);
    }
    position += t.shape[axis] ?? 0;
  }
  return out;
}

/** Concat. */
export const concatKernel: CudaKernel = {
  kernelName: 'Concat',
  run: (backend, inputs, attrs) => {
    const tensors = listOf(inputs);
    const axis = tf.util.parseAxisParam(attrs['axis'] as number, tensors[0]?.shape ?? [])[0] ?? 0;
    return concatInfo(backend, tensors, axis);
  },
};

/** Pack (tf.stack): input i becomes index i of a new axis. */
export const packKernel: CudaKernel = {
  kernelName: 'Pack',
  run: (backend, inputs, attrs) => {
    const tensors = listOf(inputs);
    const first = tensors[0];
    if (first === undefined) throw new Error('Pack of no tensors');
    const rank = first.shape.length;
    const raw = attrs['axis'] as number;
    const axis = raw < 0 ? raw + rank + 1 : raw;
    const shape = [...first.shape];
    shape.splice(axis, 0, tensors.length);
    const out = backend.allocate(shape, first.dtype);
    const outStrides = stridesOf(shape);
    const dstStrides = outStrides.filter((_, d) => d !== axis);
    tensors.forEach((t, i) => copyStrided(backend, t, 0, stridesOf(t.shape), out, i * (outStrides[axis] ?? 0), dstStrides, t.shape));
    return out;
  },
};

/** Unpack (tf.unstack): one tensor per index of `axis`, that axis removed. */
export const unpackKernel: CudaKernel = {
  kernelName: 'Unpack',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'value');
    const raw = attrs['axis'] as number;
    const axis = raw < 0 ? raw + x.shape.length : raw;
    const count = x.shape[axis] ?? 0;
    const shape = x.shape.filter((_, d) => d !== axis);
    const inStrides = stridesOf(x.shape);
    const srcStrides = inStrides.filter((_, d) => d !== axis);
    return Array.from({ length: count }, (_, i) => {
      const out = backend.allocate(shape, x.dtype);
      copyStrided(backend, x, i * (inStrides[axis] ?? 0), srcStrides, out, 0, stridesOf(shape), shape);
      return out;
    });
  },
};

/** SplitV (tf.split): consecutive slices along `axis` of the given sizes. */
export const splitVKernel: CudaKernel = {
  kernelName: 'SplitV',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'x');
    const axis = tf.util.parseAxisParam(attrs['axis'] as number, x.shape)[0] ?? 0;
    const sizes = tf.backend_util.prepareSplitSize(x, attrs['numOrSizeSplits'] as number | number[], axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const part = sliceInfo(backend, x, begin, size);
      begin[axis] = (begin[axis] ?? 0) + s;
      return part;
    });
  },
};
