import type { TensorInfo } from '@tensorflow/tfjs-core';
import { type CudaBackend, elementBytes } from '../cuda-backend.js';
import { collapse } from '../shape.js';

/**
 * dst[dstOffset + Σ i_d·dstStrides_d] = src[srcOffset + Σ i_d·srcStrides_d] for every index i
 * of `shape`: the one device copy that transpose, slice, concat, pad, tile and reverse use.
 */
export function copyStrided(
  backend: CudaBackend,
  src: TensorInfo,
  srcOffset: number,
  srcStrides: readonly number[],
  dst: TensorInfo,
  dstOffset: number,
  dstStrides: readonly number[],
  shape: readonly number[],
): void {
  const space = collapse(shape, [srcStrides, dstStrides]);
  backend.addon.copyStrided(elementBytes(src.dtype), backend.handle(src), srcOffset, backend.handle(dst), dstOffset, space.shape, space.strides[0] ?? [], space.strides[1] ?? []);
}
