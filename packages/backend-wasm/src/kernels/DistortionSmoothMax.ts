import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The kernel's name. `@derand/jl` runs it (through `tf.engine().runKernel`) where the active
 * backend has it, in the fused first-order pass of its smooth-max losses: it has no gradient.
 */
export const DISTORTION_SMOOTH_MAX = 'DerandDistortionSmoothMax';

/**
 * The module of `distortion-smooth-max.wat` (next to this file's source, written by
 * `scripts/distortion-smooth-max-wat.mjs`; `wat2wasm` from wabt 1.0.32 assembles it to these
 * bytes): `absmax` and `expsum`, the two passes over a row in wasm SIMD (16 floats an iteration), on the
 * memory of the tfjs wasm module itself (imported), so tensors are read and written in place.
 */
const MODULE_BASE64 = 'AGFzbQEAAAABEgJgA39/fwF9YAZ/f39/fX0BfAIPAQNlbnYGbWVtb3J5AgABAwMCAAEHEwIGYWJzbWF4AAAGZXhwc3VtAAEK/RYC9gEDAn8FewF9IAJBAnQhBAJAA0AgAyAETw0BIAEgA0EAamr9AAAAIQggACADQQBqav0AAAAgCP3mAUMAAIA//RP95QH94AEgCEMAAAAA/RP9RP1OIQkgBSAJ/esBIQUgByAJIAn9Qv1QIQcgASADQRBqav0AAAAhCCAAIANBEGpq/QAAACAI/eYBQwAAgD/9E/3lAf3gASAIQwAAAAD9E/1E/U4hCSAGIAn96wEhBiAHIAkgCf1C/VAhByADQSBqIQMMAAsLIAUgBv3rASEFIAX9HwAgBf0fAZcgBf0fAiAF/R8Dl5chCiAH/VMEfUMAAMB/BSAKCwuCFQICf0J7IANBAnQhByAE/RMhCCAF/RMhCQJAA0AgBiAHTw0BIAEgBkEAamr9AAAAIQwgACAGQQBqav0AAAAgDP3mAUMAAIA//RP95QEhDSAN/eABIQ4gDEMAAAAA/RP9RCEPIA4gCP3lASAJ/eYBIRAgEEMAAK7C/RP96wEhFSAVQzuquD/9E/3mAf1qIRQgFSAUQwCAMT/9E/3mAf3lASEVIBUgFEODgF65/RP95gH95QEhFUPOQ7c6/RMgFUNnaVA5/RP95gH95AEhFkMIiQg8/RMgFSAW/eYB/eQBIRZDwakqPf0TIBUgFv3mAf3kASEWQ6qqKj79EyAVIBb95gH95AEhFkMAAAA//RMgFSAW/eYB/eQBIRYgFSAV/eYBIBb95gEgFf3kAUMAAIA//RP95AEhFiAWIBRDfwAAS/0T/eQBQRf9qwH95gEhESAO/eEBIAj95QEgCf3mAUMAAK7C/RP96wEhGCAYQzuquD/9E/3mAf1qIRcgGCAXQwCAMT/9E/3mAf3lASEYIBggF0ODgF65/RP95gH95QEhGEPOQ7c6/RMgGENnaVA5/RP95gH95AEhGUMIiQg8/RMgGCAZ/eYB/eQBIRlDwakqPf0TIBggGf3mAf3kASEZQ6qqKj79EyAYIBn95gH95AEhGUMAAAA//RMgGCAZ/eYB/eQBIRkgGCAY/eYBIBn95gEgGP3kAUMAAIA//RP95AEhGSAZIBdDfwAAS/0T/eQBQRf9qwH95gEhEiACIAZBAGpqIAwgESAS/eUBIA1BgICAgHj9Ef1O/VD95gEgDyAQQwAAgML9E/1D/U/9Tv0LAAAgESAS/eQBIA/9TiETIAogE/1f/fABIQogCyATIBP9DQgJCgsMDQ4PAAECAwQFBgf9X/3wASELIAEgBkEQamr9AAAAIRwgACAGQRBqav0AAAAgHP3mAUMAAIA//RP95QEhHSAd/eABIR4gHEMAAAAA/RP9RCEfIB4gCP3lASAJ/eYBISAgIEMAAK7C/RP96wEhJSAlQzuquD/9E/3mAf1qISQgJSAkQwCAMT/9E/3mAf3lASElICUgJEODgF65/RP95gH95QEhJUPOQ7c6/RMgJUNnaVA5/RP95gH95AEhJkMIiQg8/RMgJSAm/eYB/eQBISZDwakqPf0TICUgJv3mAf3kASEmQ6qqKj79EyAlICb95gH95AEhJkMAAAA//RMgJSAm/eYB/eQBISYgJSAl/eYBICb95gEgJf3kAUMAAIA//RP95AEhJiAmICRDfwAAS/0T/eQBQRf9qwH95gEhISAe/eEBIAj95QEgCf3mAUMAAK7C/RP96wEhKCAoQzuquD/9E/3mAf1qIScgKCAnQwCAMT/9E/3mAf3lASEoICggJ0ODgF65/RP95gH95QEhKEPOQ7c6/RMgKENnaVA5/RP95gH95AEhKUMIiQg8/RMgKCAp/eYB/eQBISlDwakqPf0TICggKf3mAf3kASEpQ6qqKj79EyAoICn95gH95AEhKUMAAAA//RMgKCAp/eYB/eQBISkgKCAo/eYBICn95gEgKP3kAUMAAIA//RP95AEhKSApICdDfwAAS/0T/eQBQRf9qwH95gEhIiACIAZBEGpqIBwgISAi/eUBIB1BgICAgHj9Ef1O/VD95gEgHyAgQwAAgML9E/1D/U/9Tv0LAAAgISAi/eQBIB/9TiEjIBogI/1f/fABIRogGyAjICP9DQgJCgsMDQ4PAAECAwQFBgf9X/3wASEbIAEgBkEgamr9AAAAISwgACAGQSBqav0AAAAgLP3mAUMAAIA//RP95QEhLSAt/eABIS4gLEMAAAAA/RP9RCEvIC4gCP3lASAJ/eYBITAgMEMAAK7C/RP96wEhNSA1QzuquD/9E/3mAf1qITQgNSA0QwCAMT/9E/3mAf3lASE1IDUgNEODgF65/RP95gH95QEhNUPOQ7c6/RMgNUNnaVA5/RP95gH95AEhNkMIiQg8/RMgNSA2/eYB/eQBITZDwakqPf0TIDUgNv3mAf3kASE2Q6qqKj79EyA1IDb95gH95AEhNkMAAAA//RMgNSA2/eYB/eQBITYgNSA1/eYBIDb95gEgNf3kAUMAAIA//RP95AEhNiA2IDRDfwAAS/0T/eQBQRf9qwH95gEhMSAu/eEBIAj95QEgCf3mAUMAAK7C/RP96wEhOCA4QzuquD/9E/3mAf1qITcgOCA3QwCAMT/9E/3mAf3lASE4IDggN0ODgF65/RP95gH95QEhOEPOQ7c6/RMgOENnaVA5/RP95gH95AEhOUMIiQg8/RMgOCA5/eYB/eQBITlDwakqPf0TIDggOf3mAf3kASE5Q6qqKj79EyA4IDn95gH95AEhOUMAAAA//RMgOCA5/eYB/eQBITkgOCA4/eYBIDn95gEgOP3kAUMAAIA//RP95AEhOSA5IDdDfwAAS/0T/eQBQRf9qwH95gEhMiACIAZBIGpqICwgMSAy/eUBIC1BgICAgHj9Ef1O/VD95gEgLyAwQwAAgML9E/1D/U/9Tv0LAAAgMSAy/eQBIC/9TiEzICogM/1f/fABISogKyAzIDP9DQgJCgsMDQ4PAAECAwQFBgf9X/3wASErIAEgBkEwamr9AAAAITwgACAGQTBqav0AAAAgPP3mAUMAAIA//RP95QEhPSA9/eABIT4gPEMAAAAA/RP9RCE/ID4gCP3lASAJ/eYBIUAgQEMAAK7C/RP96wEhRSBFQzuquD/9E/3mAf1qIUQgRSBEQwCAMT/9E/3mAf3lASFFIEUgREODgF65/RP95gH95QEhRUPOQ7c6/RMgRUNnaVA5/RP95gH95AEhRkMIiQg8/RMgRSBG/eYB/eQBIUZDwakqPf0TIEUgRv3mAf3kASFGQ6qqKj79EyBFIEb95gH95AEhRkMAAAA//RMgRSBG/eYB/eQBIUYgRSBF/eYBIEb95gEgRf3kAUMAAIA//RP95AEhRiBGIERDfwAAS/0T/eQBQRf9qwH95gEhQSA+/eEBIAj95QEgCf3mAUMAAK7C/RP96wEhSCBIQzuquD/9E/3mAf1qIUcgSCBHQwCAMT/9E/3mAf3lASFIIEggR0ODgF65/RP95gH95QEhSEPOQ7c6/RMgSENnaVA5/RP95gH95AEhSUMIiQg8/RMgSCBJ/eYB/eQBIUlDwakqPf0TIEggSf3mAf3kASFJQ6qqKj79EyBIIEn95gH95AEhSUMAAAA//RMgSCBJ/eYB/eQBIUkgSCBI/eYBIEn95gEgSP3kAUMAAIA//RP95AEhSSBJIEdDfwAAS/0T/eQBQRf9qwH95gEhQiACIAZBMGpqIDwgQSBC/eUBID1BgICAgHj9Ef1O/VD95gEgPyBAQwAAgML9E/1D/U/9Tv0LAAAgQSBC/eQBID/9TiFDIDogQ/1f/fABITogOyBDIEP9DQgJCgsMDQ4PAAECAwQFBgf9X/3wASE7IAZBwABqIQYMAAsLIAogC/3wASEKIAogG/3wASEKIAogK/3wASEKIAogO/3wASEKIAogGv3wASEKIAogKv3wASEKIAogOv3wASEKIAr9IQAgCv0hAaAL';

const moduleBytes = (): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(MODULE_BASE64), (c) => c.charCodeAt(0));
let compiled: WebAssembly.Module | undefined;

/** Floats per iteration of the module's loops: every count passed to it is a multiple of this. */
const GROUP = 16;

/** The two passes, bound to one memory. Pointers are byte offsets; counts are multiples of {@link GROUP}. */
export interface Passes {
  absmax(x: number, s: number, count: number): number;
  expsum(x: number, s: number, out: number, count: number, top: number, inv: number): number;
}

/** A weight whose exponent (|δ| − top)/τ is below this is written as 0 (as in the module: scripts/distortion-smooth-max-wat.mjs). */
const FLUSH = -64;
const instances = new WeakMap<WebAssembly.Memory, Passes>();

/** The module instantiated on `memory` (once per memory). */
export function passesFor(memory: WebAssembly.Memory): Passes {
  let passes = instances.get(memory);
  if (passes === undefined) {
    compiled ??= new WebAssembly.Module(moduleBytes());
    passes = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as Passes;
    instances.set(memory, passes);
  }
  return passes;
}

/** The slice of the wasm backend this kernel uses (tfjs-backend-wasm 4.22: `wasm.asm.memory` is its WebAssembly.Memory). */
interface WasmBackendHeap {
  wasm: { asm?: { memory?: unknown } };
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array;
}

function memoryOf(backend: unknown): WebAssembly.Memory | undefined {
  const memory = (backend as Partial<WasmBackendHeap>).wasm?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/** Whether this runtime compiles the module (it needs WebAssembly SIMD). */
export function distortionSmoothMaxSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(moduleBytes());
}

/**
 * The smooth max of one row and its unnormalised weights, on views of one memory: the vectorised
 * passes over the first 16⌊m/16⌋ entries, float32 steps in the same order (exp in float64) for
 * the rest. Returns smax = top + τ·log Σ(a + b) + τ·offset (float64 from the float64 sum) and the
 * row's scale 1/Σ(a + b) (0 for a row without items, NaN for a NaN row).
 */
export function smoothMaxRow(passes: Passes, heap: Float32Array, x: number, s: number, out: number, m: number, tau: number, offset: number): { smax: number; rowScale: number } {
  const main = m - (m % GROUP);
  const f = Math.fround;
  const deltaAt = (e: number): number => f(f(heap[x + e]! * heap[s + e]!) - 1);
  let top = passes.absmax(4 * x, 4 * s, main);
  for (let e = main; e < m; e++) if (heap[s + e]! > 0) top = Math.max(top, Math.abs(deltaAt(e)));
  top = f(top);
  const inv = f(1 / tau);
  let sum = passes.expsum(4 * x, 4 * s, 4 * out, main, top, inv);
  for (let e = main; e < m; e++) {
    const scale = heap[s + e]!;
    if (!(scale > 0)) {
      heap[out + e] = 0;
      continue;
    }
    const delta = deltaAt(e);
    const u = Math.abs(delta);
    const arg = f(f(u - top) * inv);
    const a = f(Math.exp(Math.max(arg, -87)));
    const b = f(Math.exp(Math.max(f(f(-u - top) * inv), -87)));
    heap[out + e] = arg < FLUSH ? 0 : scale * Math.sign(delta) * f(a - b);
    sum += f(a + b);
  }
  // a row without items: weights 0 (and smax −∞); a NaN row: NaN
  const rowScale = Number.isNaN(sum) ? NaN : sum > 0 ? f(1 / sum) : 0;
  return { smax: top + tau * (Math.log(sum) + offset), rowScale };
}

/** The smooth max's attributes of a kernel call (temperature τ > 0, finite offset, default 0), or an error naming the kernel and the values. */
export function smoothMaxAttrs(kernelName: string, attrs: unknown): { temperature: number; offset: number } {
  const temperature = Number((attrs as Record<string, unknown>)['temperature']);
  const offset = Number((attrs as Record<string, unknown>)['offset'] ?? 0);
  if (!(temperature > 0) || !Number.isFinite(offset)) throw new Error(`${kernelName}: temperature must be > 0 and offset finite (got ${temperature}, ${offset}).`);
  return { temperature, offset };
}

/**
 * [smax, weights, rowScale] for x [S, m] and scale [m] (attrs temperature τ, offset): per row, the
 * smooth max of |δ|, δ = x∘scale − 1 over the entries with scale > 0, and its gradient with
 * respect to x as rowScale_s·weights_se (see `@derand/jl`'s `distortionSmoothMax`; the caller
 * folds the row's scale into what it multiplies the weights by). Two vectorised passes in place of
 * about a dozen elementwise kernels (decision records 0804, 0806).
 */
export const distortionSmoothMaxConfig: KernelConfig = {
  kernelName: DISTORTION_SMOOTH_MAX,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs['x'] as TensorInfo;
    const scale = inputs['scale'] as TensorInfo;
    const [rows, m] = x.shape as [number, number];
    if (x.dtype !== 'float32' || scale.dtype !== 'float32' || x.shape.length !== 2 || scale.shape.length !== 1 || scale.shape[0] !== m) {
      throw new Error(`${DISTORTION_SMOOTH_MAX}: float32 x [S, m] and scale [m] expected (got ${x.dtype} [${x.shape.join(', ')}] and ${scale.dtype} [${scale.shape.join(', ')}]).`);
    }
    const { temperature: tau, offset } = smoothMaxAttrs(DISTORTION_SMOOTH_MAX, attrs);
    const wasm = backend as unknown as WasmBackendHeap;
    const smax = wasm.makeOutput([rows], 'float32');
    const weights = wasm.makeOutput([rows, m], 'float32');
    const rowScale = wasm.makeOutput([rows], 'float32');
    // views taken after every allocation (an allocation may grow the heap and detach older views)
    const xv = wasm.typedArrayFromHeap(x) as Float32Array;
    const heap = new Float32Array(xv.buffer);
    const base = (v: Float32Array): number => v.byteOffset / 4;
    const xAt = base(xv);
    const sAt = base(wasm.typedArrayFromHeap(scale) as Float32Array);
    const wAt = base(wasm.typedArrayFromHeap(weights) as Float32Array);
    const values = wasm.typedArrayFromHeap(smax) as Float32Array;
    const scales = wasm.typedArrayFromHeap(rowScale) as Float32Array;
    const memory = memoryOf(backend);
    if (memory === undefined) throw new Error(`${DISTORTION_SMOOTH_MAX}: the wasm backend does not expose its memory (wasm.asm.memory, tfjs-backend-wasm 4.22); unregister the kernel to use stock ops.`);
    const passes = passesFor(memory);
    for (let row = 0; row < rows; row++) {
      const r = smoothMaxRow(passes, heap, xAt + row * m, sAt, wAt + row * m, m, tau, offset);
      values[row] = r.smax;
      scales[row] = r.rowScale;
    }
    return [smax, weights, rowScale];
  },
};
