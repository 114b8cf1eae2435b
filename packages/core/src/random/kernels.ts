import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedAttrMap, Rank, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import type { RandomKey } from './key.js';
import { sampleNormal, sampleUniform } from './sample.js';

/** Kernel names of the keyed random ops; a device backend registers its own versions. */
export const RANDOM_NORMAL_KERNEL = 'DerandRandomNormal';
export const RANDOM_UNIFORM_KERNEL = 'DerandRandomUniform';

/** Attributes of both random kernels: for normal, (a, b) = (mean, std); for uniform, (low, high). */
export interface RandomKernelAttrs {
  shape: number[];
  key: [number, number];
  a: number;
  b: number;
}

function hostKernel(kernelName: string, backendName: string, sample: typeof sampleNormal): KernelConfig {
  return {
    kernelName,
    backendName,
    kernelFunc: ({ backend, attrs }: { backend: unknown; attrs?: NamedAttrMap }) => {
      const { shape, key, a, b } = attrs as unknown as RandomKernelAttrs;
      const size = shape.reduce((acc, dim) => acc * dim, 1);
      const values = Float32Array.from(sample({ k0: key[0], k1: key[1] }, size, a, b));
      const dataId = (backend as KernelBackend).write(values, shape, 'float32');
      return { dataId, shape, dtype: 'float32' } satisfies TensorInfo;
    },
  };
}

/**
 * Registers host implementations of the keyed random kernels for `backendName` unless the
 * backend registered device versions. The host kernel draws with the same Philox layout as
 * {@link sampleNormal}/{@link sampleUniform} and writes the values to the backend.
 */
export function registerHostRandomKernels(backendName: string): void {
  if (tf.getKernel(RANDOM_NORMAL_KERNEL, backendName) === undefined) {
    tf.registerKernel(hostKernel(RANDOM_NORMAL_KERNEL, backendName, sampleNormal));
  }
  if (tf.getKernel(RANDOM_UNIFORM_KERNEL, backendName) === undefined) {
    tf.registerKernel(hostKernel(RANDOM_UNIFORM_KERNEL, backendName, sampleUniform));
  }
}

function validShape(shape: readonly number[]): number[] {
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) throw new Error(`Random tensor shape must hold non-negative integers (got [${shape.join(', ')}]).`);
  }
  return [...shape];
}

/**
 * A float32 tensor of N(mean, std²) draws, a pure function of `key` and `shape`.
 *
 * @example const z = randomNormal(foldIn(key, step), [batch, d]);
 */
export function randomNormal<R extends Rank>(key: RandomKey, shape: readonly number[], mean = 0, std = 1): Tensor<R> {
  const attrs: RandomKernelAttrs = { shape: validShape(shape), key: [key.k0, key.k1], a: mean, b: std };
  return tf.engine().runKernel<Tensor<R>>(RANDOM_NORMAL_KERNEL, {}, attrs as unknown as NamedAttrMap);
}

/** A float32 tensor of Uniform[low, high) draws, a pure function of `key` and `shape`. */
export function randomUniform<R extends Rank>(key: RandomKey, shape: readonly number[], low = 0, high = 1): Tensor<R> {
  const attrs: RandomKernelAttrs = { shape: validShape(shape), key: [key.k0, key.k1], a: low, b: high };
  return tf.engine().runKernel<Tensor<R>>(RANDOM_UNIFORM_KERNEL, {}, attrs as unknown as NamedAttrMap);
}
