import * as tf from '@tensorflow/tfjs-core';
import type { CudaKernel } from '../kernel.js';

/** Attributes of the keyed random kernels of @derand/core (RandomKernelAttrs). */
interface RandomAttrs {
  shape: number[];
  key: [number, number];
  a: number;
  b: number;
}

/**
 * DerandRandomNormal: N(a, b²) draws generated on the device from the Philox key with the
 * host sampler's counter layout (native/src/random.cu), so a draw equals sampleNormal(key, n).
 */
export const randomNormalKernel: CudaKernel = {
  kernelName: 'DerandRandomNormal',
  run: (backend, _inputs, attrs) => {
    const { shape, key, a, b } = attrs as unknown as RandomAttrs;
    const out = backend.allocate([...shape], 'float32');
    backend.addon.randomNormal(backend.handle(out), tf.util.sizeFromShape(shape), key[0] >>> 0, key[1] >>> 0, a, b);
    return out;
  },
};

/** DerandRandomUniform: Uniform[a, b) draws on the device, equal to sampleUniform(key, n, a, b). */
export const randomUniformKernel: CudaKernel = {
  kernelName: 'DerandRandomUniform',
  run: (backend, _inputs, attrs) => {
    const { shape, key, a, b } = attrs as unknown as RandomAttrs;
    const out = backend.allocate([...shape], 'float32');
    backend.addon.randomUniform(backend.handle(out), tf.util.sizeFromShape(shape), key[0] >>> 0, key[1] >>> 0, a, b);
    return out;
  },
};
