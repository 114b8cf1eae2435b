import * as tf from '@tensorflow/tfjs-core';
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { type CudaBackend, dtypeCode } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { opCode, REDUCE_OPS, type ReduceOpName } from '../native-ops.js';
import { sizeBetween } from '../shape.js';
import { transposeInfo } from './transpose.js';

/** x viewed as [outer, r, inner] with the reduced axes in the middle (transposed if they are not contiguous). */
interface ReduceView {
  readonly source: TensorInfo;
  readonly temporary: boolean;
  readonly outer: number;
  readonly r: number;
  readonly inner: number;
}

function viewFor(backend: CudaBackend, x: TensorInfo, axes: readonly number[]): ReduceView {
  const sorted = [...axes].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) {
    return { source: x, temporary: false, outer: tf.util.sizeFromShape(x.shape), r: 1, inner: 1 };
  }
  if (last - first + 1 === sorted.length) {
    return {
      source: x,
      temporary: false,
      outer: sizeBetween(x.shape, 0, first),
      r: sizeBetween(x.shape, first, last + 1),
      inner: sizeBetween(x.shape, last + 1, x.shape.length),
    };
  }
  const perm = tf.backend_util.getAxesPermutation(sorted, x.shape.length) ?? x.shape.map((_, d) => d);
  const kept = x.shape.length - sorted.length;
  const source = transposeInfo(backend, x, perm);
  return { source, temporary: true, outer: sizeBetween(source.shape, 0, kept), r: sizeBetween(source.shape, kept, source.shape.length), inner: 1 };
}

/** Reduces `x` over `axes` with `op` into a new tensor of `outDtype` (keepDims keeps size-1 axes). */
export function reduceInfo(backend: CudaBackend, op: ReduceOpName, x: TensorInfo, axes: number[], keepDims: boolean, outDtype: DataType): TensorInfo {
  const [outShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
  const shape = keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
  const view = viewFor(backend, x, axes);
  const out = backend.allocate(shape, outDtype);
  backend.addon.reduce(opCode(REDUCE_OPS, op), dtypeCode(x.dtype), dtypeCode(outDtype), backend.handle(view.source), backend.handle(out), view.outer, view.r, view.inner);
  if (view.temporary) backend.disposeIntermediateTensorInfo(view.source);
  return out;
}

function reductionKernel(op: Exclude<ReduceOpName, 'ArgMax' | 'ArgMin'>, axisAttr: 'axis' | 'reductionIndices'): CudaKernel {
  return {
    kernelName: op,
    run: (backend, inputs, attrs) => {
      const x = input(inputs, 'x');
      const axes = tf.util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape);
      const outDtype: DataType =
        op === 'Mean' ? 'float32' : op === 'All' || op === 'Any' ? 'bool' : (op === 'Sum' || op === 'Prod') && x.dtype === 'bool' ? 'int32' : x.dtype;
      return reduceInfo(backend, op, x, axes, attrs['keepDims'] === true, outDtype);
    },
  };
}

function argKernel(op: 'ArgMax' | 'ArgMin'): CudaKernel {
  return {
    kernelName: op,
    run: (backend, inputs, attrs) => {
      const x = input(inputs, 'x');
      const axes = tf.util.parseAxisParam(attrs['axis'] as number, x.shape);
      return reduceInfo(backend, op, x, axes, false, 'int32');
    },
  };
}

/** Sum, Prod, Mean, All, Any (attribute `axis`), Max, Min (`reductionIndices`), ArgMax, ArgMin. */
export const reductionKernels: CudaKernel[] = [
  reductionKernel('Sum', 'axis'),
  reductionKernel('Prod', 'axis'),
  reductionKernel('Mean', 'axis'),
  reductionKernel('All', 'axis'),
  reductionKernel('Any', 'axis'),
  reductionKernel('Max', 'reductionIndices'),
  reductionKernel('Min', 'axis'),
  argKernel('ArgMax'),
  argKernel('ArgMin'),
];
