import * as tf from '@tensorflow/tfjs-core';
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { type CudaBackend, dtypeCode } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { reshapeInfo } from './reshape.js';

/**
 * `x` converted to `dtype` as tfjs-backend-cpu converts: float → int32 truncates toward zero
 * (NaN → 0), anything → bool is x ≠ 0, bool → number is 0/1. Same dtype: shared data.
 */
export function castInfo(backend: CudaBackend, x: TensorInfo, dtype: DataType): TensorInfo {
  if (x.dtype === dtype) return reshapeInfo(backend, x, [...x.shape]);
  const out = backend.allocate([...x.shape], dtype);
  backend.addon.cast(dtypeCode(x.dtype), dtypeCode(dtype), backend.handle(x), backend.handle(out), tf.util.sizeFromShape(x.shape));
  return out;
}

/** Cast. */
export const castKernel: CudaKernel = {
  kernelName: 'Cast',
  run: (backend, inputs, attrs) => castInfo(backend, input(inputs, 'x'), attrs['dtype'] as DataType),
};
