import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { CudaBackend } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { stridesOf } from '../shape.js';
import { copyStrided } from './copy.js';
import { reshapeInfo } from './reshape.js';

/** x[begin : begin + size] as a new dense tensor. */
export function sliceInfo(backend: CudaBackend, x: TensorInfo, begin: readonly number[], size: readonly number[]): TensorInfo {
  const inStrides = stridesOf(x.shape);
  const out = backend.allocate([...size], x.dtype);
  const offset = begin.reduce((acc, b, d) => acc + b * (inStrides[d] ?? 0), 0);
  copyStrided(backend, x, offset, inStrides, out, 0, stridesOf(size), size);
  return out;
}

/** Slice. */
export const sliceKernel: CudaKernel = {
  kernelName: 'Slice',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'x');
    const [begin, size] = tf.slice_util.parseSliceParams(x, attrs['begin'] as number[], attrs['size'] as number[]);
    tf.slice_util.assertParamsValid(x, begin as number[], size as number[]);
    return sliceInfo(backend, x, begin as number[], size as number[]);
  },
};

/**
 * StridedSlice: tfjs's sliceInfo resolves the masks; a simple slice is a slice, otherwise
 * element j of the sparse output reads x[begin + j·strides] (negative strides walk
 * backwards); the result takes the final shape.
 */
export const stridedSliceKernel: CudaKernel = {
  kernelName: 'StridedSlice',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'x');
    const info = tf.slice_util.sliceInfo(
      x.shape,
      attrs['begin'] as number[],
      attrs['end'] as number[],
      attrs['strides'] as number[],
      attrs['beginMask'] as number,
      attrs['endMask'] as number,
      attrs['ellipsisMask'] as number,
      attrs['newAxisMask'] as number,
      attrs['shrinkAxisMask'] as number,
    );
    if (info.isIdentity) return reshapeInfo(backend, x, info.finalShape);
    if (info.sliceDim0 || info.isSimpleSlice) {
      const sliced = sliceInfo(backend, x, info.begin, tf.slice_util.computeOutShape(info.begin, info.end, info.strides));
      return { ...sliced, shape: info.finalShape };
    }
    // As tfjs-backend-cpu: index j of the sparse shape reads x at begin + j·strides.
    const sparse = info.finalShapeSparse;
    const inStrides = stridesOf(x.shape);
    const offset = info.begin.reduce((acc, b, d) => acc + b * (inStrides[d] ?? 0), 0);
    const out = backend.allocate(info.finalShape, x.dtype);
    if (tf.util.sizeFromShape(sparse) > 0) {
      copyStrided(backend, x, offset, sparse.map((_, d) => (info.strides[d] ?? 1) * (inStrides[d] ?? 0)), out, 0, stridesOf(sparse), sparse);
    }
    return out;
  },
};
