import * as tf from '@tensorflow/tfjs-core';
import { dtypeCode } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { sizeBetween } from '../shape.js';
import { castInfo } from './cast.js';

/**
 * Cumsum / Cumprod along `axis` of x viewed as [outer, n, inner] (one thread per (outer,
 * inner) pair scans n), with tfjs's `exclusive` and `reverse`. bool input counts as int32.
 */
function cumulativeKernel(kernelName: 'Cumsum' | 'Cumprod'): CudaKernel {
  return {
    kernelName,
    run: (backend, inputs, attrs) => {
      const x = input(inputs, 'x');
      const axis = tf.util.parseAxisParam(attrs['axis'] as number, x.shape)[0] ?? 0;
      const source = castInfo(backend, x, x.dtype === 'bool' ? 'int32' : x.dtype);
      const out = backend.allocate([...x.shape], source.dtype);
      backend.addon.cumulative(
        kernelName === 'Cumprod',
        dtypeCode(source.dtype),
        backend.handle(source),
        backend.handle(out),
        sizeBetween(x.shape, 0, axis),
        x.shape[axis] ?? 1,
        sizeBetween(x.shape, axis + 1, x.shape.length),
        attrs['exclusive'] === true,
        attrs['reverse'] === true,
      );
      backend.disposeIntermediateTensorInfo(source);
      return out;
    },
  };
}

export const cumsumKernel = cumulativeKernel('Cumsum');
export const cumprodKernel = cumulativeKernel('Cumprod');
