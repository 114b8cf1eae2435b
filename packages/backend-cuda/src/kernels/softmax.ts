import * as tf from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { input, type CudaKernel } from '../kernel.js';

/** Softmax over the last axis: y = exp(x − max x) / Σ exp(x − max x), one row per block. */
export const softmaxKernel: CudaKernel = {
  kernelName: 'Softmax',
  run: (backend, inputs, attrs) => {
    const logits = input(inputs, 'logits');
    const rank = logits.shape.length;
    const dim = attrs['dim'] as number;
    if (rank > 0 && dim !== -1 && dim !== rank - 1) {
      throw new DerandError('CUDA_SOFTMAX_AXIS', `Softmax on cuda runs over the last axis (dim ${rank - 1} or -1); got dim ${dim}. Transpose first.`);
    }
    if (logits.dtype !== 'float32') throw new DerandError('CUDA_DTYPE', `Softmax takes float32 logits (got ${logits.dtype}).`);
    const cols = rank === 0 ? 1 : (logits.shape[rank - 1] ?? 1);
    const size = tf.util.sizeFromShape(logits.shape);
    const out = backend.allocate([...logits.shape], 'float32');
    backend.addon.softmax(backend.handle(logits), backend.handle(out), cols === 0 ? 0 : size / cols, cols);
    return out;
  },
};
