import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { asCuda } from './kernel.js';

const fallbackNames = new Map<string, Set<string>>();
/** Subscribers per backend name, each called once per kernel name ({@link watchHostFallbacks}). */
const watchers = new Map<string, Set<(kernelName: string) => void>>();

/**
 * Runs a tfjs-backend-cpu kernel for a kernel the device does not implement: inputs are read
 * back, the cpu kernel runs on the host, outputs are uploaded. Correct but slow; every call
 * is counted in `CudaBackend.hostFallbackCalls` so benchmarks and tests can see it.
 */
function fallback(cpuKernel: KernelConfig): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const cuda = asCuda(backend);
    cuda.countHostFallback(cpuKernel.kernelName);
    for (const watcher of watchers.get(cuda.backendName) ?? []) watcher(cpuKernel.kernelName);
    const cpu = tf.findBackend('cpu');
    if (cpu === null) {
      throw new DerandError('CUDA_NO_KERNEL', `The cuda backend has no kernel '${cpuKernel.kernelName}' and the cpu backend is not registered to run it on the host.`);
    }
    (cpu as { firstUse?: boolean }).firstUse = false;
    // Some ops pass their inputs as an array (Einsum, AddN, Concat): keep that shape.
    const hostInputs: Record<string, TensorInfo> | TensorInfo[] = Array.isArray(inputs) ? [] : {};
    const created: TensorInfo[] = [];
    for (const [name, info] of Object.entries(inputs)) {
      if (info === undefined) continue;
      const hostInfo = { dataId: cpu.write(cuda.readSync(info.dataId), [...info.shape], info.dtype), shape: [...info.shape], dtype: info.dtype };
      (hostInputs as Record<string, TensorInfo>)[name] = hostInfo;
      created.push(hostInfo);
    }
    const result = cpuKernel.kernelFunc({ inputs: hostInputs as Record<string, TensorInfo>, backend: cpu, attrs: attrs ?? {} });
    const outputs = Array.isArray(result) ? result : [result];
    const uploaded = outputs.map((o) => cuda.makeTensorInfo([...o.shape], o.dtype, cpu.readSync(o.dataId)));
    const disposed = new Set<object>();
    for (const info of [...outputs, ...created]) {
      if (disposed.has(info.dataId)) continue;
      disposed.add(info.dataId);
      cpu.disposeData(info.dataId, true);
    }
    return Array.isArray(result) ? uploaded : (uploaded[0] as TensorInfo);
  };
}

/**
 * The kernels a device backend runs on the host: every kernel the cpu backend has that the
 * device does not (the cpu kernels must be registered, e.g. by @derand/core's startEngine).
 */
export function hostFallbackCandidates(deviceKernels: readonly string[]): string[] {
  const device = new Set(deviceKernels);
  return tf
    .getKernelsForBackend('cpu')
    .map((config) => config.kernelName)
    .filter((name) => !device.has(name))
    .sort();
}

/**
 * Calls `listener` the first time each kernel name runs through the host fallback on
 * `backendName` after this call (once per kernel name for this subscription; every call is still
 * counted in `CudaBackend.hostFallbackCalls`). Returns the function that unsubscribes.
 *
 * @example const stop = watchHostFallbacks('cuda', (name) => console.warn(`${name} ran on the host`));
 */
export function watchHostFallbacks(backendName: string, listener: (kernelName: string) => void): () => void {
  const seen = new Set<string>();
  const watcher = (kernelName: string): void => {
    if (seen.has(kernelName)) return;
    seen.add(kernelName);
    listener(kernelName);
  };
  const set = watchers.get(backendName) ?? new Set();
  watchers.set(backendName, set);
  set.add(watcher);
  return () => {
    set.delete(watcher);
  };
}

/**
 * Registers, for `backendName`, a host fallback for every kernel the cpu backend has and the
 * device lacks (the cpu backend must be registered, e.g. by @derand/core's startEngine).
 * Returns the kernel names that fell back.
 */
export function registerHostFallbacks(backendName: string): string[] {
  const names = fallbackNames.get(backendName) ?? new Set<string>();
  fallbackNames.set(backendName, names);
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (tf.getKernel(config.kernelName, backendName) !== undefined) continue;
    tf.registerKernel({ kernelName: config.kernelName, backendName, kernelFunc: fallback(config) });
    names.add(config.kernelName);
  }
  return [...names].sort();
}

/** Whether `kernelName` runs on `backendName` through the host fallback. */
export function isHostFallback(backendName: string, kernelName: string): boolean {
  return fallbackNames.get(backendName)?.has(kernelName) ?? false;
}
