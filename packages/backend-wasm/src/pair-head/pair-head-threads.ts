import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { distortionSmoothMaxSupported, smoothMaxAttrs } from '../kernels/DistortionSmoothMax.js';
import { MatMulMemory, PairHeadMemory } from './pair-head-compute.js';
import { Control, JobKind, jobFloats, jobViews, matMulFloats, matMulViews } from './pair-head-layout.js';

/**
 * Kernel names. `@derand/jl` runs them where the active backend has them: `…Start` hands some
 * samples of the JL exact-pairs head to a worker thread and returns at once (a token), the
 * caller computes its own samples, then `…Join` waits and returns the worker's. No gradient.
 */
export const PAIR_HEAD_START = 'DerandPairHeadStart';
export const PAIR_HEAD_JOIN = 'DerandPairHeadJoin';
/** The same worker's matmul: `…Start` hands C = A·B over and returns a token, `…Join` returns C. */
export const THREAD_MATMUL_START = 'DerandThreadMatMulStart';
export const THREAD_MATMUL_JOIN = 'DerandThreadMatMulJoin';

type WorkerLike = { terminate(): unknown; unref(): void; on(event: 'error', listener: (error: unknown) => void): unknown };
type WorkerConstructor = new (url: URL, options: { workerData: unknown; transferList: unknown[] }) => WorkerLike;
interface NodeThreads {
  readonly Worker: WorkerConstructor;
  readonly MessageChannel: new () => { port1: { postMessage(message: unknown): void; unref?(): void }; port2: unknown };
  readonly parallelism: number;
}

/** Node's worker threads, where this runtime has them with SharedArrayBuffer (not in a browser). */
function nodeThreads(): NodeThreads | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function' || typeof SharedArrayBuffer !== 'function') return undefined;
  const threads = get('node:worker_threads') as Partial<NodeThreads> | undefined;
  const os = get('node:os') as { availableParallelism?: () => number } | undefined;
  if (threads?.Worker === undefined || threads.MessageChannel === undefined || os?.availableParallelism === undefined) return undefined;
  return { Worker: threads.Worker, MessageChannel: threads.MessageChannel, parallelism: os.availableParallelism() };
}

/** The worker's script: the compiled sibling, or the package's build when running from sources. */
function workerUrl(): URL | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const fs = get?.('node:fs') as { existsSync(path: URL): boolean } | undefined;
  if (fs === undefined) return undefined;
  const sibling = new URL('./pair-head-worker.js', import.meta.url);
  if (fs.existsSync(sibling)) return sibling;
  const built = new URL('../../dist/pair-head/pair-head-worker.js', import.meta.url);
  return fs.existsSync(built) ? built : undefined;
}

/** Whether the pair-head kernels are worth registering: wasm SIMD, worker threads, a built worker script, and two cores. */
export function pairHeadThreadsAvailable(): boolean {
  const node = nodeThreads();
  return distortionSmoothMaxSupported() && node !== undefined && node.parallelism >= 2 && workerUrl() !== undefined;
}

interface Shape {
  readonly samples: number;
  readonly n: number;
  readonly q: number;
}

interface MatMulShape {
  readonly m: number;
  readonly k: number;
  readonly cols: number;
}

type Pending = ({ readonly kind: 'pair-head' } & Shape) | ({ readonly kind: 'matmul' } & MatMulShape);

/** The one worker and its buffers (created at the first job); a job runs inline where it cannot start. */
class PairHeadThread {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * Control.Length));
  private readonly params = new Float64Array(new SharedArrayBuffer(16));
  private data: SharedArrayBuffer | undefined;
  private matMulData: SharedArrayBuffer | undefined;
  private aKey: object | undefined;
  private port: { postMessage(message: unknown): void } | undefined;
  private worker: WorkerLike | undefined;
  private scaleKey: object | undefined;
  private pending: (Pending & { readonly generation: number }) | undefined;
  private readonly inline = new PairHeadMemory();
  private readonly inlineMatMul = new MatMulMemory();
  private readonly inlineResults = new Map<number, { smax: Float32Array; rowScale: Float32Array; product: Float32Array }>();
  private readonly inlineProducts = new Map<number, Float32Array>();
  /** Why jobs run inline, once the worker was tried. */
  fallback: string | undefined;

  private startWorker(): boolean {
    if (this.worker !== undefined) return true;
    if (this.fallback !== undefined) return false;
    const node = nodeThreads();
    const url = workerUrl();
    if (node === undefined || url === undefined) {
      this.fallback = node === undefined ? 'no worker threads in this runtime' : 'the worker script is not built';
      return false;
    }
    const channel = new node.MessageChannel();
    const worker = new node.Worker(url, { workerData: { control: this.control.buffer, params: this.params.buffer, port: channel.port2 }, transferList: [channel.port2] });
    worker.on('error', () => Atomics.store(this.control, Control.Failed, 1));
    worker.unref();
    channel.port1.unref?.();
    const deadline = performance.now() + 20_000;
    while (Atomics.load(this.control, Control.Ready) === 0 && Atomics.load(this.control, Control.Failed) === 0 && performance.now() < deadline) Atomics.wait(this.control, Control.Ready, 0, 50);
    if (Atomics.load(this.control, Control.Ready) === 0 || Atomics.load(this.control, Control.Failed) !== 0) {
      void worker.terminate();
      this.fallback = 'no pair-head worker was ready within 20 s';
      return false;
    }
    this.worker = worker;
    this.port = channel.port1;
    return true;
  }

  /** Hands a job over (or runs it inline); returns its generation, the token {@link join} takes. */
  start(shape: Shape, temperature: number, offset: number, inputs: { scale: Float32Array; left: Float32Array; right: Float32Array }, scaleKey: object): number {
    this.mustBeIdle(PAIR_HEAD_START);
    const generation = Atomics.load(this.control, Control.Generation) + 1;
    if (!this.startWorker()) {
      const product = new Float32Array(shape.samples * shape.n * shape.q);
      const smax = new Float32Array(shape.samples);
      const rowScale = new Float32Array(shape.samples);
      this.inline.run({ ...shape, temperature, offset, ...inputs, product, smax, rowScale }, scaleKey);
      this.inlineResults.set(generation, { smax, rowScale, product });
      Atomics.store(this.control, Control.Generation, generation);
      this.pending = { kind: 'pair-head', ...shape, generation };
      return generation;
    }
    const floats = jobFloats(shape);
    let fresh = false;
    if (this.data === undefined || this.data.byteLength < 4 * floats) {
      this.data = new SharedArrayBuffer(4 * floats);
      this.port!.postMessage({ data: this.data });
      fresh = true;
    }
    const views = jobViews(this.data, shape);
    if (fresh || scaleKey !== this.scaleKey || this.control[Control.N] !== shape.n) {
      views.scale.set(inputs.scale);
      this.scaleKey = scaleKey;
      this.control[Control.ScaleVersion] = this.control[Control.ScaleVersion]! + 1;
    }
    views.left.set(inputs.left);
    views.right.set(inputs.right);
    this.control[Control.Kind] = JobKind.PairHead;
    this.control[Control.Samples] = shape.samples;
    this.control[Control.N] = shape.n;
    this.control[Control.Q] = shape.q;
    this.params[0] = temperature;
    this.params[1] = offset;
    Atomics.store(this.control, Control.Generation, generation);
    Atomics.notify(this.control, Control.Generation);
    this.pending = { kind: 'pair-head', ...shape, generation };
    return generation;
  }

  /** Hands C = A·B over (or runs it inline); `aKey` identifies A, so that a constant A is copied once. */
  startMatMul(shape: MatMulShape, inputs: { a: Float32Array; b: Float32Array }, aKey: object): number {
    this.mustBeIdle(THREAD_MATMUL_START);
    const generation = Atomics.load(this.control, Control.Generation) + 1;
    if (!this.startWorker()) {
      const c = new Float32Array(shape.m * shape.cols);
      this.inlineMatMul.run({ ...shape, ...inputs, c }, aKey);
      this.inlineProducts.set(generation, c);
      Atomics.store(this.control, Control.Generation, generation);
      this.pending = { kind: 'matmul', ...shape, generation };
      return generation;
    }
    let fresh = false;
    if (this.matMulData === undefined || this.matMulData.byteLength < 4 * matMulFloats(shape)) {
      this.matMulData = new SharedArrayBuffer(4 * matMulFloats(shape));
      this.port!.postMessage({ matMulData: this.matMulData });
      fresh = true;
    }
    const views = matMulViews(this.matMulData, shape);
    if (fresh || aKey !== this.aKey || this.control[Control.M] !== shape.m || this.control[Control.K] !== shape.k) {
      views.a.set(inputs.a);
      this.aKey = aKey;
      this.control[Control.AVersion] = this.control[Control.AVersion]! + 1;
    }
    views.b.set(inputs.b);
    this.control[Control.Kind] = JobKind.MatMul;
    this.control[Control.M] = shape.m;
    this.control[Control.K] = shape.k;
    this.control[Control.Cols] = shape.cols;
    Atomics.store(this.control, Control.Generation, generation);
    Atomics.notify(this.control, Control.Generation);
    this.pending = { kind: 'matmul', ...shape, generation };
    return generation;
  }

  private mustBeIdle(kernel: string): void {
    if (this.pending !== undefined) throw new Error(`${kernel}: a job is already running; join it first.`);
  }

  /** Takes the pending job of this token, of this kind, or says why there is none. */
  private take<K extends Pending['kind']>(kernel: string, token: number, kind: K): Extract<Pending, { kind: K }> & { readonly generation: number } {
    const pending = this.pending;
    if (pending === undefined || pending.generation !== token || pending.kind !== kind) throw new Error(`${kernel}: no running ${kind === 'matmul' ? 'matmul' : 'pair-head'} job has token ${token}.`);
    this.pending = undefined;
    return pending as Extract<Pending, { kind: K }> & { readonly generation: number };
  }

  /** Waits until the worker has finished generation `token`. */
  private awaitDone(kernel: string, token: number): void {
    let done: number;
    while ((done = Atomics.load(this.control, Control.Done)) !== token && Atomics.load(this.control, Control.Failed) === 0) Atomics.wait(this.control, Control.Done, done, 1000);
    if (Atomics.load(this.control, Control.Failed) !== 0) throw new Error(`${kernel}: the pair-head worker thread failed (see its error on stderr).`);
  }

  /** Waits for the matmul of this token and returns a view of C (valid until the next start). */
  joinMatMul(token: number): { c: Float32Array; shape: MatMulShape } {
    const pending = this.take(THREAD_MATMUL_JOIN, token, 'matmul');
    const inline = this.inlineProducts.get(token);
    if (inline !== undefined) {
      this.inlineProducts.delete(token);
      return { c: inline, shape: pending };
    }
    this.awaitDone(THREAD_MATMUL_JOIN, token);
    return { c: matMulViews(this.matMulData!, pending).c, shape: pending };
  }

  /** Waits for the job of this token and returns views of its outputs (valid until the next start). */
  join(token: number): { smax: Float32Array; rowScale: Float32Array; product: Float32Array; shape: Shape } {
    const pending = this.take(PAIR_HEAD_JOIN, token, 'pair-head');
    const inline = this.inlineResults.get(token);
    if (inline !== undefined) {
      this.inlineResults.delete(token);
      return { ...inline, shape: pending };
    }
    this.awaitDone(PAIR_HEAD_JOIN, token);
    const views = jobViews(this.data!, pending);
    return { smax: views.smax, rowScale: views.rowScale, product: views.product, shape: pending };
  }
}

let thread: PairHeadThread | undefined;
const theThread = (): PairHeadThread => (thread ??= new PairHeadThread());

/** Why the pair head runs on the main thread, once a job found out (undefined: on a worker, or not yet tried). */
export function pairHeadFallback(): string | undefined {
  return thread?.fallback;
}

/** The slice of the wasm backend these kernels use. */
interface WasmBackendHeap {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array;
}

/** A [1] int32 tensor holding a job's generation: the token its join takes. */
function tokenTensor(wasm: WasmBackendHeap, generation: number): TensorInfo {
  const token = wasm.makeOutput([1], 'int32');
  (wasm.typedArrayFromHeap(token) as Int32Array)[0] = generation;
  return token;
}

/** The generation a join's `token` input holds. */
const tokenValue = (wasm: WasmBackendHeap, token: TensorInfo): number => (wasm.typedArrayFromHeap(token) as Int32Array)[0]!;

/** A float32 output of `shape` holding `values`. */
function floatOutput(wasm: WasmBackendHeap, shape: number[], values: Float32Array): TensorInfo {
  const out = wasm.makeOutput(shape, 'float32');
  (wasm.typedArrayFromHeap(out) as Float32Array).set(values);
  return out;
}

/** The float32 values of an input, in place on the heap. */
const floats = (wasm: WasmBackendHeap, info: TensorInfo): Float32Array => wasm.typedArrayFromHeap(info) as Float32Array;

/**
 * `DerandPairHeadStart`: left [S, n, q], right [S, q, n], scale [n·n] (attrs temperature, offset);
 * copies them to the worker's buffer, starts it, and returns a token ([1] int32) for
 * `DerandPairHeadJoin`, which returns [smax [S], rowScale [S], product [S, n, q]] for
 * D_s = left_s·right_s, the smooth max of D_s and product_s = w_s·left_s (decision record 0808).
 */
export const pairHeadStartConfig: KernelConfig = {
  kernelName: PAIR_HEAD_START,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const left = inputs['left'] as TensorInfo;
    const right = inputs['right'] as TensorInfo;
    const scale = inputs['scale'] as TensorInfo;
    const [samples, n, q] = left.shape as [number, number, number];
    if (left.shape.length !== 3 || right.shape.join() !== [samples, q, n].join() || scale.shape.join() !== [n * n].join() || [left, right, scale].some((t) => t.dtype !== 'float32')) {
      throw new Error(`${PAIR_HEAD_START}: float32 left [S, n, q], right [S, q, n] and scale [n·n] expected (got [${left.shape.join(', ')}], [${right.shape.join(', ')}], [${scale.shape.join(', ')}]).`);
    }
    const { temperature, offset } = smoothMaxAttrs(PAIR_HEAD_START, attrs);
    const wasm = backend as unknown as WasmBackendHeap;
    return tokenTensor(wasm, theThread().start({ samples, n, q }, temperature, offset, { scale: floats(wasm, scale), left: floats(wasm, left), right: floats(wasm, right) }, scale.dataId));
  },
};

/** `DerandPairHeadJoin`: token → [smax [S], rowScale [S], product [S, n, q]] (see {@link pairHeadStartConfig}). */
export const pairHeadJoinConfig: KernelConfig = {
  kernelName: PAIR_HEAD_JOIN,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const wasm = backend as unknown as WasmBackendHeap;
    const result = theThread().join(tokenValue(wasm, inputs['token'] as TensorInfo));
    const { samples, n, q } = result.shape;
    return [floatOutput(wasm, [samples], result.smax), floatOutput(wasm, [samples], result.rowScale), floatOutput(wasm, [samples, n, q], result.product)];
  },
};

/**
 * `DerandThreadMatMulStart`: a [m, k], b [k, cols] (float32, neither transposed); copies them to
 * the worker's buffer (A only when it is another tensor than the last one's), starts C = A·B
 * there with the small-matmul module's `axpy` order (XNNPACK's sums, bit for bit), and returns a
 * token ([1] int32) for `DerandThreadMatMulJoin`, which returns C [m, cols]. The caller computes
 * something else meanwhile (decision record 0810).
 */
export const threadMatMulStartConfig: KernelConfig = {
  kernelName: THREAD_MATMUL_START,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const a = inputs['a'] as TensorInfo;
    const b = inputs['b'] as TensorInfo;
    const [m, k] = a.shape as [number, number];
    if (a.shape.length !== 2 || b.shape.length !== 2 || b.shape[0] !== k || a.dtype !== 'float32' || b.dtype !== 'float32') {
      throw new Error(`${THREAD_MATMUL_START}: float32 a [m, k] and b [k, cols] expected (got a [${a.shape.join(', ')}] ${a.dtype}, b [${b.shape.join(', ')}] ${b.dtype}).`);
    }
    const wasm = backend as unknown as WasmBackendHeap;
    return tokenTensor(wasm, theThread().startMatMul({ m, k, cols: b.shape[1]! }, { a: floats(wasm, a), b: floats(wasm, b) }, a.dataId));
  },
};

/** `DerandThreadMatMulJoin`: token → C [m, cols] (see {@link threadMatMulStartConfig}). */
export const threadMatMulJoinConfig: KernelConfig = {
  kernelName: THREAD_MATMUL_JOIN,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const wasm = backend as unknown as WasmBackendHeap;
    const { c, shape } = theThread().joinMatMul(tokenValue(wasm, inputs['token'] as TensorInfo));
    return floatOutput(wasm, [shape.m, shape.cols], c);
  },
};
