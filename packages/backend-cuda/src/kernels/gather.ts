import * as tf from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { dtypeCode, elementBytes } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { castInfo } from './cast.js';

/**
 * GatherV2: x viewed as [batch, outer, n, inner], indices as [batch, m];
 * out[b, o, j, i] = x[b, o, indices[b, j], i]. An index outside [0, n) gives 0 (the device
 * cannot throw; tfjs-backend-cpu throws there).
 */
export const gatherKernel: CudaKernel = {
  kernelName: 'GatherV2',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'x');
    const indices = input(inputs, 'indices');
    const axis = tf.util.parseAxisParam(attrs['axis'] as number, x.shape)[0] ?? 0;
    const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x, indices, axis, (attrs['batchDims'] as number | undefined) ?? 0);
    const ids = castInfo(backend, indices, 'int32');
    const out = backend.allocate(info.outputShape, x.dtype);
    const m = tf.util.sizeFromShape(indices.shape) / Math.max(info.batchSize, 1);
    backend.addon.gather(elementBytes(x.dtype), backend.handle(x), backend.handle(ids), backend.handle(out), info.batchSize, info.outerSize, info.dimSize, info.sliceSize, m);
    backend.disposeIntermediateTensorInfo(ids);
    return out;
  },
};

/**
 * UnsortedSegmentSum (the gradient of gather): out[s, …] = Σ_{j : ids[j] = s} x[j, …]; ids
 * outside [0, numSegments) are dropped, as in TensorFlow. Atomic adds on the device, so
 * float sums may differ from the cpu backend in the last bits (summation order).
 */
export const unsortedSegmentSumKernel: CudaKernel = {
  kernelName: 'UnsortedSegmentSum',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'x');
    const segmentIds = input(inputs, 'segmentIds');
    const numSegments = attrs['numSegments'] as number;
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      throw new DerandError('CUDA_DTYPE', `UnsortedSegmentSum on cuda takes float32 or int32 (got ${x.dtype}); cast first.`);
    }
    const count = tf.util.sizeFromShape(segmentIds.shape);
    const inner = count === 0 ? 0 : tf.util.sizeFromShape(x.shape) / count;
    const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    const ids = castInfo(backend, segmentIds, 'int32');
    const out = backend.allocate(shape, x.dtype);
    backend.addon.segmentSum(dtypeCode(x.dtype), backend.handle(x), backend.handle(ids), backend.handle(out), count, inner, numSegments);
    backend.disposeIntermediateTensorInfo(ids);
    return out;
  },
};

/**
 * GatherNd: indices [..., K] address slices of params (the first K axes); the output is
 * indices.shape[:-1] + params.shape[K:]. A tuple outside params gives 0 (tfjs-backend-cpu throws).
 */
export const gatherNdKernel: CudaKernel = {
  kernelName: 'GatherNd',
  run: (backend, inputs) => {
    const params = input(inputs, 'params');
    const indices = input(inputs, 'indices');
    const [shape, numSlices, sliceSize, strides] = tf.backend_util.prepareAndValidate(params, indices);
    const ids = castInfo(backend, indices, 'int32');
    const out = backend.allocate(shape, params.dtype);
    const paramSlices = sliceSize === 0 ? 0 : tf.util.sizeFromShape(params.shape) / sliceSize;
    backend.addon.gatherNd(elementBytes(params.dtype), backend.handle(params), backend.handle(ids), backend.handle(out), numSlices, sliceSize, strides, paramSlices);
    backend.disposeIntermediateTensorInfo(ids);
    return out;
  },
};

/**
 * ScatterNd: a zero tensor of `shape` with every update added at the slice its index tuple
 * names (duplicates sum, as in tfjs); atomic adds on the device, tuples outside are dropped.
 */
export const scatterNdKernel: CudaKernel = {
  kernelName: 'ScatterNd',
  run: (backend, inputs, attrs) => {
    const indices = input(inputs, 'indices');
    const updates = input(inputs, 'updates');
    const shape = attrs['shape'] as number[];
    if (updates.dtype !== 'float32' && updates.dtype !== 'int32') {
      throw new DerandError('CUDA_DTYPE', `ScatterNd on cuda takes float32 or int32 updates (got ${updates.dtype}); cast first.`);
    }
    const { numUpdates, sliceSize, strides, outputSize } = tf.backend_util.calculateShapes(updates, indices, shape);
    const ids = castInfo(backend, indices, 'int32');
    const out = backend.allocate([...shape], updates.dtype);
    const outSlices = sliceSize === 0 ? 0 : outputSize / sliceSize;
    backend.addon.scatterNd(dtypeCode(updates.dtype), backend.handle(ids), backend.handle(updates), backend.handle(out), numUpdates, sliceSize, strides, outSlices);
    backend.disposeIntermediateTensorInfo(ids);
    return out;
  },
};
