import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { CudaBackend } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { stridesOf } from '../shape.js';
import { copyStrided } from './copy.js';
import { reshapeInfo } from './reshape.js';

/** out[i_0, …] = x[i at perm]: out axis d is x axis perm[d]. The identity permutation shares data. */
export function transposeInfo(backend: CudaBackend, x: TensorInfo, perm: readonly number[]): TensorInfo {
  if (perm.every((p, d) => p === d)) return reshapeInfo(backend, x, [...x.shape]);
  const shape = perm.map((p) => x.shape[p] ?? 1);
  const inStrides = stridesOf(x.shape);
  const out = backend.allocate(shape, x.dtype);
  copyStrided(backend, x, 0, perm.map((p) => inStrides[p] ?? 0), out, 0, stridesOf(shape), shape);
  return out;
}

/** Transpose. */
export const transposeKernel: CudaKernel = {
  kernelName: 'Transpose',
  run: (backend, inputs, attrs) => transposeInfo(backend, input(inputs, 'x'), attrs['perm'] as number[]),
};
