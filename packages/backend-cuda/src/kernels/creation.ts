import * as tf from '@tensorflow/tfjs-core';
import type { DataType } from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { dtypeCode } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';

/** Fill: `shape` filled with `value` (numbers only; strings stay on the cpu backend). */
export const fillKernel: CudaKernel = {
  kernelName: 'Fill',
  run: (backend, _inputs, attrs) => {
    const shape = attrs['shape'] as number[];
    const value = attrs['value'] as number | string;
    const dtype = (attrs['dtype'] as DataType | undefined) ?? (typeof value === 'string' ? 'string' : 'float32');
    if (typeof value === 'string' || dtype === 'string') {
      return backend.makeTensorInfo(shape, 'string', new Array<Uint8Array>(tf.util.sizeFromShape(shape)).fill(tf.util.encodeString(String(value))));
    }
    const out = backend.allocate(shape, dtype);
    backend.addon.fill(dtypeCode(dtype), backend.handle(out), tf.util.sizeFromShape(shape), value);
    return out;
  },
};

function filledLike(kernelName: string, value: number): CudaKernel {
  return {
    kernelName,
    run: (backend, inputs) => {
      const x = input(inputs, 'x');
      if (x.dtype === 'complex64' || x.dtype === 'string') {
        throw new DerandError('CUDA_DTYPE', `${kernelName} of a ${x.dtype} tensor is not supported on cuda.`);
      }
      const out = backend.allocate([...x.shape], x.dtype);
      backend.addon.fill(dtypeCode(x.dtype), backend.handle(out), tf.util.sizeFromShape(x.shape), value);
      return out;
    },
  };
}

/** ZerosLike / OnesLike. */
export const zerosLikeKernel = filledLike('ZerosLike', 0);
export const onesLikeKernel = filledLike('OnesLike', 1);

/** Range: start, start + step, … up to (not including) stop, with tfjs-backend-cpu's conventions. */
export const rangeKernel: CudaKernel = {
  kernelName: 'Range',
  run: (backend, _inputs, attrs) => {
    const start = attrs['start'] as number;
    const stop = attrs['stop'] as number;
    let step = attrs['step'] as number;
    const dtype = (attrs['dtype'] as 'float32' | 'int32' | undefined) ?? 'float32';
    const empty = start === stop || (start < stop && step < 0) || (stop < start && step > 1);
    const n = empty ? 0 : Math.abs(Math.ceil((stop - start) / step));
    if (stop < start && step === 1) step = -1;
    const out = backend.allocate([n], dtype);
    backend.addon.range(dtypeCode(dtype), backend.handle(out), n, start, step);
    return out;
  },
};

/** OneHot: [...indices.shape, depth], onValue where index = position, offValue elsewhere. */
export const oneHotKernel: CudaKernel = {
  kernelName: 'OneHot',
  run: (backend, inputs, attrs) => {
    const indices = input(inputs, 'indices');
    const depth = attrs['depth'] as number;
    const dtype = (attrs['dtype'] as DataType | undefined) ?? 'int32';
    const n = tf.util.sizeFromShape(indices.shape);
    const out = backend.allocate([...indices.shape, depth], dtype);
    const ids = indices.dtype === 'int32' ? indices : undefined;
    if (ids === undefined) throw new DerandError('CUDA_DTYPE', `OneHot indices must be int32 (got ${indices.dtype}).`);
    backend.addon.oneHot(dtypeCode(dtype), backend.handle(ids), backend.handle(out), n, depth, attrs['onValue'] as number, attrs['offValue'] as number);
    return out;
  },
};
