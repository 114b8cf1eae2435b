import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { CUDA_BACKEND_BRAND, type CudaBackend } from './cuda-backend.js';

/** A device kernel: registered under every backend name that uses {@link CudaBackend}. */
export interface CudaKernel {
  readonly kernelName: string;
  readonly run: (backend: CudaBackend, inputs: NamedTensorInfoMap, attrs: NamedAttrMap) => TensorInfo | TensorInfo[];
}

/** The backend tfjs passed to a kernel, checked once (tfjs types it as a bare KernelBackend). */
export function asCuda(backend: unknown): CudaBackend {
  if (backend !== null && typeof backend === 'object' && (backend as Record<symbol, unknown>)[CUDA_BACKEND_BRAND] === true) {
    return backend as CudaBackend;
  }
  throw new DerandError('CUDA_KERNEL_BACKEND', 'A cuda kernel was called with a non-cuda backend; this is a bug in the kernel registration.');
}

/** Input `name` of a kernel call, or a clear error when tfjs did not pass it. */
export function input(inputs: NamedTensorInfoMap, name: string): TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new DerandError('CUDA_KERNEL_INPUT', `cuda kernel input '${name}' is missing.`);
  return info;
}
