import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/** The slice of the wasm backend this kernel uses. */
interface WasmBackendHeap {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array;
}

/**
 * UnsortedSegmentSum for wasm, which tfjs-backend-wasm 4.22 lacks (it is the gradient of
 * `gather`): out[s, ...] = Σ_{i : ids[i] = s} x[i, ...]; ids outside [0, numSegments) are
 * dropped, as in TensorFlow. A linear pass over x in JavaScript on the wasm heap.
 */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs['x'] as TensorInfo;
    const segmentIds = inputs['segmentIds'] as TensorInfo;
    const numSegments = (attrs as NamedAttrMap)['numSegments'] as number;
    const wasm = backend as unknown as WasmBackendHeap;
    const ids = wasm.readSync(segmentIds.dataId);
    const values = wasm.readSync(x.dataId);
    const inner = ids.length === 0 ? 0 : values.length / ids.length;
    const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    const out = wasm.makeOutput(shape, x.dtype);
    const target = wasm.typedArrayFromHeap(out);
    target.fill(0);
    for (let i = 0; i < ids.length; i++) {
      const segment = ids[i] ?? -1;
      if (segment < 0 || segment >= numSegments) continue;
      const from = i * inner;
      const to = segment * inner;
      for (let k = 0; k < inner; k++) target[to + k] = (target[to + k] ?? 0) + (values[from + k] ?? 0);
    }
    return out;
  },
};
