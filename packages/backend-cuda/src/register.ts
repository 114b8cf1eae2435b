import * as tf from '@tensorflow/tfjs-core';
import { CudaBackend } from './cuda-backend.js';
import { registerHostFallbacks } from './host-fallback.js';
import { asCuda } from './kernel.js';
import { cudaKernels } from './kernels/index.js';
import type { CudaAddon } from './native-addon.js';

/** Names of the kernels the device implements (no host fallback). */
export const deviceKernelNames: readonly string[] = cudaKernels.map((k) => k.kernelName).sort();

/**
 * Registers a {@link CudaBackend} on `addon` with tfjs-core under `backendName` and `priority`,
 * with every device kernel, then host fallbacks for the cpu kernels it lacks. Idempotent.
 */
export function registerCudaBackend(backendName: string, addon: CudaAddon, priority: number): void {
  if (tf.findBackendFactory(backendName) === null) {
    tf.registerBackend(backendName, () => new CudaBackend(addon, backendName), priority);
  }
  for (const kernel of cudaKernels) {
    if (tf.getKernel(kernel.kernelName, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName: kernel.kernelName,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => kernel.run(asCuda(backend), inputs, attrs ?? {}),
    });
  }
  registerHostFallbacks(backendName);
}
