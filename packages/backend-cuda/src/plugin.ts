import * as tf from '@tensorflow/tfjs-core';
import { definePlugin, z, type Availability } from '@derand/registry';
import { addonAvailability } from './availability.js';
import { CUDA_BACKEND_BRAND, type CudaBackend } from './cuda-backend.js';
import { hostFallbackCandidates, registerHostFallbacks, watchHostFallbacks } from './host-fallback.js';
import type { AddonFlavour } from './native-addon.js';
import { deviceKernelNames, registerCudaBackend } from './register.js';

const optionsSchema = z
  .object({
    /**
     * Let the library GEMM use TF32 tensor cores (10-bit mantissa products, fp32 accumulate):
     * several times faster on Hopper, about 1e-3 relative error. Off by default.
     */
    tf32: z.boolean().default(false),
    /** Use our tiled GEMM kernel even when cuBLAS is built in (for comparisons). */
    tiledGemm: z.boolean().default(false),
  })
  .strict();

/** Makes the cpu kernels importable for host fallbacks when @tensorflow/tfjs-backend-cpu resolves from here. */
async function loadCpuKernels(): Promise<void> {
  if (tf.getKernelsForBackend('cpu').length > 0) return;
  const specifier = '@tensorflow/tfjs-backend-cpu';
  try {
    await import(/* @vite-ignore */ specifier);
  } catch {
    // Not resolvable from this package: fallbacks cover whatever cpu kernels get registered later.
  }
}

/** The backend plugin for one addon flavour under one tfjs backend name. */
export function createCudaPlugin<const Id extends string>(id: Id, flavour: AddonFlavour, priority: number, summary: string) {
  return definePlugin({
    kind: 'backend',
    id,
    summary,
    priority,
    options: optionsSchema,
    source: '@derand/backend-cuda',
    isAvailable: async (): Promise<Availability> => {
      const { addon: _addon, ...availability } = addonAvailability(flavour);
      return availability;
    },
    // known without a device: the cpu kernels the device kernels do not cover
    hostFallbackKernels: async () => {
      await loadCpuKernels();
      return hostFallbackCandidates(deviceKernelNames);
    },
    watchHostFallbacks: (listener: (kernelName: string) => void) => watchHostFallbacks(id, listener),
    install: async (options) => {
      const availability = addonAvailability(flavour);
      const addon = availability.addon;
      if (!availability.ok || addon === undefined) return { ok: false, reason: availability.reason ?? 'unavailable' };
      addon.init();
      addon.setTf32(options.tf32);
      addon.setForceTiledGemm(options.tiledGemm);
      await loadCpuKernels();
      registerCudaBackend(id, addon, priority);
      registerHostFallbacks(id);
      return {
        ok: true,
        details: {
          ...availability.details,
          gemm: options.tiledGemm ? 'tiled (forced)' : addon.gemmPath(),
          tf32: options.tf32 && addon.gemmPath() !== 'tiled' && !options.tiledGemm,
        },
      };
    },
  });
}

/**
 * The CUDA backend: tfjs tensors in GPU memory, kernels in our native addon (C++17 + CUDA,
 * cuBLASLt/cuBLAS or our tiled GEMM). Preferred over wasm wherever a GPU is usable; where it
 * is not, `isAvailable()` says why (no nvcc at build time, addon failed to load, CUDA error 35:
 * driver insufficient, no device).
 *
 * @example
 * const engine = await startEngine({ backend: cudaBackend, backendOptions: { tf32: true } });
 */
export const cudaBackend = createCudaPlugin(
  'cuda',
  'cuda',
  20,
  'NVIDIA GPU through our native CUDA addon (cuBLASLt/cuBLAS GEMM, device Philox RNG, caching allocator).',
);

/** The active backend as a {@link CudaBackend}, or undefined when another backend is active. */
export function activeCudaBackend(): CudaBackend | undefined {
  const backend = tf.engine().backend as unknown;
  return backend !== null && typeof backend === 'object' && (backend as Record<symbol, unknown>)[CUDA_BACKEND_BRAND] === true ? (backend as CudaBackend) : undefined;
}
