import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';

/** The slice of the wasm backend this kernel uses. */
interface WasmBackendRefs {
  incRef(dataId: object): void;
}

/**
 * Identity for wasm that shares the input's buffer (one more reference), as the cpu backend's
 * Identity and every backend's Reshape do. The stock wasm kernel copies the buffer, and tfjs
 * runs Identity (`clone`) on every tensor a gradient saves for the backward pass, so a
 * recorded step paid one full copy per saved input and output (72 per JL sampler step).
 * Sharing is safe because tfjs tensors are immutable: kernels write only to fresh outputs,
 * and a variable's `assign` swaps its buffer rather than writing into it.
 */
export const sharedIdentityConfig: KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const x = inputs['x'] as TensorInfo;
    (backend as unknown as WasmBackendRefs).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
};
