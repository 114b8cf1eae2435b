import type { TensorInfo } from '@tensorflow/tfjs-core';

/** The slice of the wasm backend (tfjs-backend-wasm 4.22) this path uses. */
interface WasmBackendInternals {
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: string): TensorInfo;
  wasm: {
    cwrap(name: string, returns: null, args: string[]): (...args: unknown[]) => void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
}

const kernels = new WeakMap<object, (...args: unknown[]) => void>();

function batchMatMulOf(backend: WasmBackendInternals): (...args: unknown[]) => void {
  let f = kernels.get(backend);
  if (f === undefined) {
    f = backend.wasm.cwrap('BatchMatMul', null, ['number', 'array', 'number', 'number', 'array', 'number', 'number', 'number', 'number']);
    kernels.set(backend, f);
  }
  return f;
}

const shapeBytes = (shape: readonly number[]): Uint8Array => new Uint8Array(new Int32Array(shape).buffer);

/**
 * A·B for rank-3 float32 operands with a batch above 1 ([s or 1, m, q] · [s or 1, q, p]), neither
 * transposed, as one two-dimensional XNNPACK matmul per batch entry. The wasm BatchMatMul kernel
 * takes XNNPACK only for a batch of 1 and loops naively otherwise (four 500 × 20 Gram matrices:
 * 21 ms as one [4, 500, 20] matmul, 3 ms as four). Each entry is handed to the kernel as a view
 * of the operands' and the output's heap memory (a tensor id registered at an offset, removed
 * right after), so nothing is copied. Returns undefined when the shapes are not of that form.
 */
export function perBatchMatMul(a: TensorInfo, b: TensorInfo, backendIn: unknown): TensorInfo | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== 3 || b.shape.length !== 3) return undefined;
  const [sa, m, q] = a.shape as [number, number, number];
  const [sb, q2, p] = b.shape as [number, number, number];
  const s = Math.max(sa, sb);
  if (q !== q2 || s <= 1 || (sa !== s && sa !== 1) || (sb !== s && sb !== 1)) return undefined;
  const backend = backendIn as WasmBackendInternals;
  const aData = backend.dataIdMap.get(a.dataId);
  const bData = backend.dataIdMap.get(b.dataId);
  if (aData === undefined || bData === undefined) return undefined;
  const out = backend.makeOutput([s, m, p], 'float32');
  const outData = backend.dataIdMap.get(out.dataId)!;
  const kernel = batchMatMulOf(backend);
  const views: number[] = [];
  const view = (offset: number, size: number): number => {
    const id = backend.dataIdNextNumber++;
    backend.wasm.tfjs.registerTensor(id, size, offset);
    views.push(id);
    return id;
  };
  try {
    for (let i = 0; i < s; i++) {
      const aId = sa === 1 ? aData.id : view(aData.memoryOffset + 4 * i * m * q, m * q);
      const bId = sb === 1 ? bData.id : view(bData.memoryOffset + 4 * i * q * p, q * p);
      const outId = view(outData.memoryOffset + 4 * i * m * p, m * p);
      kernel(aId, shapeBytes([1, m, q]), 3, bId, shapeBytes([1, q, p]), 3, false, false, outId);
    }
  } finally {
    // dispose_data drops the id and any XNNPACK operator cached for it; the memory stays with its owner
    for (const id of views) backend.wasm.tfjs.disposeData(id);
  }
  return out;
}
