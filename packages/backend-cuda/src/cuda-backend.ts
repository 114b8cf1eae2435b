import * as tf from '@tensorflow/tfjs-core';
import type { BackendTimingInfo, DataId, DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import type { AllocatorMemory, CudaAddon, DTypeCode, Handle } from './native-addon.js';

/** What the backend keeps per tfjs data id. */
interface TensorData {
  /** Device buffer (0 for an empty tensor or a host-held string tensor). */
  handle: Handle;
  /** Bytes of the tensor's values (size × element size). */
  bytes: number;
  dtype: DataType;
  /** Tensors sharing this data (tfjs reshape/identity share data ids). */
  refCount: number;
  /** String tensors stay on the host: the device has no use for them. */
  strings?: Uint8Array[];
}

/** Largest tensor the kernels index with 32-bit integers. */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** The dtype code the addon uses, or a DerandError for dtypes the device does not hold. */
export function dtypeCode(dtype: DataType): DTypeCode {
  switch (dtype) {
    case 'float32':
      return 0;
    case 'int32':
      return 1;
    case 'bool':
      return 2;
    default:
      throw new DerandError('CUDA_DTYPE', `The cuda backend holds float32, int32 and bool tensors; got a ${dtype} tensor. Cast it first (tf.cast), or run this op on the cpu backend.`);
  }
}

/** Bytes per element of a device dtype. */
export function elementBytes(dtype: DataType): 1 | 4 {
  return dtype === 'bool' ? 1 : 4;
}

function emptyValues(dtype: DataType, size: number): Float32Array | Int32Array | Uint8Array {
  return dtype === 'int32' ? new Int32Array(size) : dtype === 'bool' ? new Uint8Array(size) : new Float32Array(size);
}

/** Values of `dtype` as the typed array the device stores (numbers are converted). */
function asDeviceArray(values: ArrayLike<number>, dtype: DataType): Float32Array | Int32Array | Uint8Array {
  if (dtype === 'float32') return values instanceof Float32Array ? values : Float32Array.from(values);
  if (dtype === 'int32') return values instanceof Int32Array ? values : Int32Array.from(values);
  return values instanceof Uint8Array ? values : Uint8Array.from(values);
}

let nextDataId = 0;

/** Marks instances across copies of this module (bundles may hold two). */
export const CUDA_BACKEND_BRAND = Symbol.for('derand.cudaBackend');

/**
 * A tfjs KernelBackend whose tensors live in device memory managed by the native addon: one
 * buffer per data id, freed when the last tensor sharing it is disposed; values cross to the
 * host only in `read`/`readSync`. Kernels (src/kernels) enqueue work on the addon's one
 * stream; reads wait for it.
 */
export class CudaBackend extends tf.KernelBackend {
  readonly data: tf.DataStorage<TensorData>;
  /** Calls per kernel name that ran on the host because the device has no kernel for them. */
  readonly hostFallbackCalls = new Map<string, number>();
  private readonly live = new Set<TensorData>();
  readonly [CUDA_BACKEND_BRAND] = true;

  constructor(
    readonly addon: CudaAddon,
    /** The tfjs backend name this instance is registered under. */
    readonly backendName: string,
  ) {
    super();
    this.data = new tf.DataStorage(this, tf.engine());
  }

  private store(dataId: DataId, entry: TensorData): void {
    this.data.set(dataId, entry);
    this.live.add(entry);
  }

  private allocateEntry(size: number, dtype: DataType, refCount: number): TensorData {
    if (size > MAX_ELEMENTS) {
      throw new DerandError('CUDA_TENSOR_TOO_LARGE', `A tensor of ${size} elements exceeds the cuda backend's limit of 2^31 − 1; split the work into smaller tensors.`);
    }
    if (dtype === 'string') return { handle: 0, bytes: 0, dtype, refCount, strings: [] };
    const bytes = size * elementBytes(dtype);
    dtypeCode(dtype);
    return { handle: bytes === 0 ? 0 : this.addon.alloc(bytes), bytes, dtype, refCount };
  }

  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: DataType): DataId {
    const dataId = { id: nextDataId++ };
    this.move(dataId, values, shape, dtype, 1);
    return dataId;
  }

  override move(dataId: DataId, values: tf.backend_util.BackendValues | null, shape: number[], dtype: DataType, refCount: number): void {
    const entry = this.allocateEntry(tf.util.sizeFromShape(shape), dtype, refCount);
    if (dtype === 'string') {
      entry.strings = (values ?? []) as Uint8Array[];
    } else if (values !== null && entry.bytes > 0) {
      const array = asDeviceArray(values as ArrayLike<number>, dtype);
      // A scalar (every op's numeric constant) is written by a one-element fill kernel: fully
      // asynchronous, where a copy from pageable host memory may wait on the stream.
      if (array.length === 1) this.addon.fill(dtypeCode(dtype), entry.handle, 1, array[0] ?? 0);
      else this.addon.upload(entry.handle, array);
    }
    this.store(dataId, entry);
  }

  /** A new device tensor of `shape`/`dtype`, filled from `values` when given (else uninitialised). */
  makeTensorInfo(shape: number[], dtype: DataType, values?: tf.backend_util.BackendValues): TensorInfo {
    const dataId = { id: nextDataId++ };
    this.move(dataId, values ?? null, shape, dtype, 1);
    return { dataId, shape, dtype };
  }

  /** An uninitialised device tensor for a kernel's output. */
  allocate(shape: number[], dtype: DataType): TensorInfo {
    return this.makeTensorInfo(shape, dtype);
  }

  /** The device buffer of a tensor (moves it here from another backend if needed). */
  handle(info: TensorInfo): Handle {
    const entry = this.data.get(info.dataId);
    if (entry.strings !== undefined) {
      throw new DerandError('CUDA_DTYPE', 'A string tensor reached a cuda kernel; strings stay on the host. Use the cpu backend for string ops.');
    }
    return entry.handle;
  }

  override refCount(dataId: DataId): number {
    return this.data.has(dataId) ? this.data.get(dataId).refCount : 0;
  }

  override incRef(dataId: DataId): void {
    this.data.get(dataId).refCount++;
  }

  decRef(dataId: DataId): void {
    if (this.data.has(dataId)) this.data.get(dataId).refCount--;
  }

  override disposeData(dataId: DataId, force = false): boolean {
    if (!this.data.has(dataId)) return true;
    const entry = this.data.get(dataId);
    entry.refCount--;
    if (!force && entry.refCount > 0) return false;
    this.release(entry);
    this.data.delete(dataId);
    return true;
  }

  /** Frees a kernel's temporary output. */
  disposeIntermediateTensorInfo(info: TensorInfo): void {
    this.disposeData(info.dataId);
  }

  private release(entry: TensorData): void {
    if (!this.live.has(entry)) return;
    this.live.delete(entry);
    if (entry.handle !== 0) this.addon.free(entry.handle);
    entry.handle = 0;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  override readSync(dataId: DataId): tf.backend_util.BackendValues {
    const entry = this.data.get(dataId);
    if (entry.strings !== undefined) return entry.strings;
    const out = emptyValues(entry.dtype, entry.bytes / elementBytes(entry.dtype));
    if (entry.bytes > 0) this.addon.downloadSync(entry.handle, out);
    return out;
  }

  override async read(dataId: DataId): Promise<tf.backend_util.BackendValues> {
    const entry = this.data.get(dataId);
    if (entry.strings !== undefined) return entry.strings;
    const out = emptyValues(entry.dtype, entry.bytes / elementBytes(entry.dtype));
    if (entry.bytes === 0) return out;
    return this.addon.download(entry.handle, out);
  }

  /** Indices of true entries (for tf.whereAsync), computed on the host as tfjs-backend-cpu does. */
  where(condition: tf.Tensor): tf.Tensor2D {
    const values = this.readSync(condition.dataId) as tf.TypedArray;
    return tf.kernel_impls.whereImpl(condition.shape, values);
  }

  override memory(): { unreliable: boolean; reasons?: string[] } & Record<string, unknown> {
    const m = this.addon.memory();
    return {
      unreliable: false,
      numBytesInGPU: m.liveBytes,
      numBytesInGPUAllocated: m.liveBytes + m.cachedBytes,
      numBytesInGPUFree: m.cachedBytes,
      allocator: m,
    };
  }

  /** The allocator's counters (live and cached device bytes). */
  allocatorMemory(): AllocatorMemory {
    return this.addon.memory();
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<BackendTimingInfo> {
    const timer = this.addon.timerStart();
    f();
    return { kernelMs: this.addon.timerStop(timer) };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  override epsilon(): number {
    return super.epsilon();
  }

  /** Frees every buffer this backend still holds and empties the allocator's cache. */
  override dispose(): void {
    for (const entry of [...this.live]) this.release(entry);
    this.addon.synchronize();
    this.addon.emptyCache();
  }

  /** Records one host-fallback call of `kernelName`. */
  countHostFallback(kernelName: string): void {
    this.hostFallbackCalls.set(kernelName, (this.hostFallbackCalls.get(kernelName) ?? 0) + 1);
  }
}
