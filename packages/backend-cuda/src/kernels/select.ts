import * as tf from '@tensorflow/tfjs-core';
import type { DataType } from '@tensorflow/tfjs-core';
import { dtypeCode } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { broadcastStrides, collapse, stridesOf } from '../shape.js';
import { castInfo } from './cast.js';

/**
 * Select (tf.where): out = condition ? t : e, shaped like t. A condition of rank 1 against a
 * higher-rank t selects whole rows (TensorFlow semantics); otherwise it broadcasts.
 */
export const selectKernel: CudaKernel = {
  kernelName: 'Select',
  run: (backend, inputs) => {
    const condition = input(inputs, 'condition');
    const t = input(inputs, 't');
    const e = input(inputs, 'e');
    const dtype: DataType = tf.upcastType(t.dtype, e.dtype);
    const a = castInfo(backend, t, dtype);
    const b = castInfo(backend, e, dtype);
    const cond = castInfo(backend, condition, 'bool');
    const shape = [...t.shape];
    const condStrides =
      condition.shape.length === 1 && shape.length > 1 && condition.shape[0] === shape[0]
        ? shape.map((_, d) => (d === 0 ? 1 : 0))
        : broadcastStrides(condition.shape, shape);
    const space = collapse(shape, [condStrides, stridesOf(shape), broadcastStrides(e.shape, shape)]);
    const out = backend.allocate(shape, dtype);
    backend.addon.select(dtypeCode(dtype), backend.handle(cond), backend.handle(a), backend.handle(b), backend.handle(out), space.shape, space.strides[0] ?? [], space.strides[1] ?? [], space.strides[2] ?? []);
    for (const temporary of [a, b, cond]) backend.disposeIntermediateTensorInfo(temporary);
    return out;
  },
};
