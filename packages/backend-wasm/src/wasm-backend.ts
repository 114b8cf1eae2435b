import * as tf from '@tensorflow/tfjs-core';
import { definePlugin, z } from '@derand/registry';
import { sharedIdentityConfig } from './kernels/Identity.js';
import { unsortedSegmentSumConfig } from './kernels/UnsortedSegmentSum.js';
import { softplusWithDerivativeConfig, softplusWithDerivativeSupported } from './kernels/SoftplusWithDerivative.js';
import { distortionSmoothMaxConfig, distortionSmoothMaxSupported } from './kernels/DistortionSmoothMax.js';
import { setTransposedMatMulFastPath, transposedMatMulFastPathEnabled } from './transposed-matmul.js';
import { pairHeadJoinConfig, pairHeadStartConfig, pairHeadThreadsAvailable, threadMatMulJoinConfig, threadMatMulStartConfig } from './pair-head/pair-head-threads.js';

/** Kernels tfjs-backend-wasm lacks that derand's packages need. */
const EXTRA_KERNELS = [unsortedSegmentSumConfig];

const optionsSchema = z
  .object({
    /** Use the SIMD build (default true; every current runtime supports wasm SIMD). */
    simd: z.boolean().default(true),
    /** Materialise transposes before matmul so the XNNPACK fast path is used (default true). */
    fastTransposedMatMul: z.boolean().default(true),
    /**
     * Browser only: where the .wasm files are served from (a folder URL ending in '/', or
     * a map from file name to URL). In Node the files are read from the installed package.
     */
    wasmPaths: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
  })
  .strict();

let installed = false;

/**
 * The tfjs wasm backend (XNNPACK, SIMD, one thread in Node) as a plugin: the default backend
 * of derand, about 30× faster than `cpu` on this kind of work.
 */
export const wasmBackend = definePlugin({
  kind: 'backend',
  id: 'wasm',
  summary: 'WebAssembly + SIMD (tfjs-backend-wasm, XNNPACK) with a transposed-matmul fast path; the default.',
  priority: 10,
  options: optionsSchema,
  source: '@derand/backend-wasm',
  isAvailable: async () =>
    typeof WebAssembly === 'object'
      ? { ok: true }
      : { ok: false, reason: 'this JavaScript runtime has no WebAssembly' },
  install: async (options) => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!installed) {
      tf.env().set('WASM_HAS_SIMD_SUPPORT', options.simd);
      if (options.wasmPaths !== undefined) {
        wasm.setWasmPaths(options.wasmPaths);
      }
      for (const config of EXTRA_KERNELS) {
        if (tf.getKernel(config.kernelName, 'wasm') === undefined) tf.registerKernel(config);
      }
      // the vectorised softplus and JL smooth max need wasm SIMD: not registered where it is off or missing (models then use the stock kernels)
      if (options.simd && softplusWithDerivativeSupported() && tf.getKernel(softplusWithDerivativeConfig.kernelName, 'wasm') === undefined) tf.registerKernel(softplusWithDerivativeConfig);
      if (options.simd && distortionSmoothMaxSupported() && tf.getKernel(distortionSmoothMaxConfig.kernelName, 'wasm') === undefined) tf.registerKernel(distortionSmoothMaxConfig);
      // the JL exact-pairs head on a second thread: only where worker threads and two cores are there (Node)
      if (options.simd && pairHeadThreadsAvailable()) {
        for (const config of [pairHeadStartConfig, pairHeadJoinConfig, threadMatMulStartConfig, threadMatMulJoinConfig]) if (tf.getKernel(config.kernelName, 'wasm') === undefined) tf.registerKernel(config);
      }
      // string tensors keep the stock copy (they live outside the heap)
      const stockIdentity = tf.getKernel('Identity', 'wasm');
      if (stockIdentity !== undefined) tf.unregisterKernel('Identity', 'wasm');
      tf.registerKernel({ ...sharedIdentityConfig, kernelFunc: (args) => ((args.inputs['x'] as tf.TensorInfo).dtype === 'string' && stockIdentity !== undefined ? stockIdentity.kernelFunc(args) : sharedIdentityConfig.kernelFunc(args)) });
      installed = true;
    }
    // Kernels are registered by the import; wrap them before the backend is first used.
    setTransposedMatMulFastPath(options.fastTransposedMatMul);
    return {
      ok: true,
      details: {
        implementation: `tfjs-backend-wasm ${wasm.version_wasm}`,
        simd: options.simd,
        threads: 1,
        fastTransposedMatMul: transposedMatMulFastPathEnabled(),
      },
    };
  },
});
