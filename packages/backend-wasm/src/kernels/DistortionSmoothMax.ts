import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The kernel's name. `@derand/jl` runs it (through `tf.engine().runKernel`) where the active
 * backend has it, in the fused first-order pass of its smooth-max losses: it has no gradient.
 */
export const DISTORTION_SMOOTH_MAX = 'DerandDistortionSmoothMax';

/**
 * The module of `distortion-smooth-max.wat` (next to this file's source, written by
 * `scripts/distortion-smooth-max-wat.mjs`; `wat2wasm` from wabt 1.0.32 assembles it to these
 * bytes): `absmax`, `expsum` and `scale`, the three passes over a row in wasm SIMD (16 floats an iteration), on the
 * memory of the tfjs wasm module itself (imported), so tensors are read and written in place.
 */
const MODULE_BASE64 = 'AGFzbQEAAAABGANgA39/fwF9YAZ/f39/fX0BfGADf399AAIPAQNlbnYGbWVtb3J5AgABAwQDAAECBxsDBmFic21heAAABmV4cHN1bQABBXNjYWxlAAIK+hYD9gEDAn8FewF9IAJBAnQhBAJAA0AgAyAETw0BIAEgA0EAamr9AAAAIQggACADQQBqav0AAAAgCP3mAUMAAIA//RP95QH94AEgCEMAAAAA/RP9RP1OIQkgBSAJ/esBIQUgByAJIAn9Qv1QIQcgASADQRBqav0AAAAhCCAAIANBEGpq/QAAACAI/eYBQwAAgD/9E/3lAf3gASAIQwAAAAD9E/1E/U4hCSAGIAn96wEhBiAHIAkgCf1C/VAhByADQSBqIQMMAAsLIAUgBv3rASEFIAX9HwAgBf0fAZcgBf0fAiAF/R8Dl5chCiAH/VMEfUMAAMB/BSAKCwu+FAICfz57IANBAnQhByAE/RMhCCAF/RMhCQJAA0AgBiAHTw0BIAEgBkEAamr9AAAAIQwgACAGQQBqav0AAAAgDP3mAUMAAIA//RP95QEhDSAN/eABIQ4gDEMAAAAA/RP9RCEPIA4gCP3lASAJ/eYBQwAArsL9E/3rASEUIBRDO6q4P/0T/eYB/WohEyAUIBNDAIAxP/0T/eYB/eUBIRQgFCATQ4OAXrn9E/3mAf3lASEUQ85Dtzr9EyAUQ2dpUDn9E/3mAf3kASEVQwiJCDz9EyAUIBX95gH95AEhFUPBqSo9/RMgFCAV/eYB/eQBIRVDqqoqPv0TIBQgFf3mAf3kASEVQwAAAD/9EyAUIBX95gH95AEhFSAUIBT95gEgFf3mASAU/eQBQwAAgD/9E/3kASEVIBUgE0N/AABL/RP95AFBF/2rAf3mASEQIA794QEgCP3lASAJ/eYBQwAArsL9E/3rASEXIBdDO6q4P/0T/eYB/WohFiAXIBZDAIAxP/0T/eYB/eUBIRcgFyAWQ4OAXrn9E/3mAf3lASEXQ85Dtzr9EyAXQ2dpUDn9E/3mAf3kASEYQwiJCDz9EyAXIBj95gH95AEhGEPBqSo9/RMgFyAY/eYB/eQBIRhDqqoqPv0TIBcgGP3mAf3kASEYQwAAAD/9EyAXIBj95gH95AEhGCAXIBf95gEgGP3mASAX/eQBQwAAgD/9E/3kASEYIBggFkN/AABL/RP95AFBF/2rAf3mASERIAIgBkEAamogDCAQIBH95QEgDUGAgICAeP0R/U79UP3mASAP/U79CwAAIBAgEf3kASAP/U4hEiAKIBL9X/3wASEKIAsgEiAS/Q0ICQoLDA0ODwABAgMEBQYH/V/98AEhCyABIAZBEGpq/QAAACEbIAAgBkEQamr9AAAAIBv95gFDAACAP/0T/eUBIRwgHP3gASEdIBtDAAAAAP0T/UQhHiAdIAj95QEgCf3mAUMAAK7C/RP96wEhIyAjQzuquD/9E/3mAf1qISIgIyAiQwCAMT/9E/3mAf3lASEjICMgIkODgF65/RP95gH95QEhI0POQ7c6/RMgI0NnaVA5/RP95gH95AEhJEMIiQg8/RMgIyAk/eYB/eQBISRDwakqPf0TICMgJP3mAf3kASEkQ6qqKj79EyAjICT95gH95AEhJEMAAAA//RMgIyAk/eYB/eQBISQgIyAj/eYBICT95gEgI/3kAUMAAIA//RP95AEhJCAkICJDfwAAS/0T/eQBQRf9qwH95gEhHyAd/eEBIAj95QEgCf3mAUMAAK7C/RP96wEhJiAmQzuquD/9E/3mAf1qISUgJiAlQwCAMT/9E/3mAf3lASEmICYgJUODgF65/RP95gH95QEhJkPOQ7c6/RMgJkNnaVA5/RP95gH95AEhJ0MIiQg8/RMgJiAn/eYB/eQBISdDwakqPf0TICYgJ/3mAf3kASEnQ6qqKj79EyAmICf95gH95AEhJ0MAAAA//RMgJiAn/eYB/eQBIScgJiAm/eYBICf95gEgJv3kAUMAAIA//RP95AEhJyAnICVDfwAAS/0T/eQBQRf9qwH95gEhICACIAZBEGpqIBsgHyAg/eUBIBxBgICAgHj9Ef1O/VD95gEgHv1O/QsAACAfICD95AEgHv1OISEgGSAh/V/98AEhGSAaICEgIf0NCAkKCwwNDg8AAQIDBAUGB/1f/fABIRogASAGQSBqav0AAAAhKiAAIAZBIGpq/QAAACAq/eYBQwAAgD/9E/3lASErICv94AEhLCAqQwAAAAD9E/1EIS0gLCAI/eUBIAn95gFDAACuwv0T/esBITIgMkM7qrg//RP95gH9aiExIDIgMUMAgDE//RP95gH95QEhMiAyIDFDg4Beuf0T/eYB/eUBITJDzkO3Ov0TIDJDZ2lQOf0T/eYB/eQBITNDCIkIPP0TIDIgM/3mAf3kASEzQ8GpKj39EyAyIDP95gH95AEhM0Oqqio+/RMgMiAz/eYB/eQBITNDAAAAP/0TIDIgM/3mAf3kASEzIDIgMv3mASAz/eYBIDL95AFDAACAP/0T/eQBITMgMyAxQ38AAEv9E/3kAUEX/asB/eYBIS4gLP3hASAI/eUBIAn95gFDAACuwv0T/esBITUgNUM7qrg//RP95gH9aiE0IDUgNEMAgDE//RP95gH95QEhNSA1IDRDg4Beuf0T/eYB/eUBITVDzkO3Ov0TIDVDZ2lQOf0T/eYB/eQBITZDCIkIPP0TIDUgNv3mAf3kASE2Q8GpKj39EyA1IDb95gH95AEhNkOqqio+/RMgNSA2/eYB/eQBITZDAAAAP/0TIDUgNv3mAf3kASE2IDUgNf3mASA2/eYBIDX95AFDAACAP/0T/eQBITYgNiA0Q38AAEv9E/3kAUEX/asB/eYBIS8gAiAGQSBqaiAqIC4gL/3lASArQYCAgIB4/RH9Tv1Q/eYBIC39Tv0LAAAgLiAv/eQBIC39TiEwICggMP1f/fABISggKSAwIDD9DQgJCgsMDQ4PAAECAwQFBgf9X/3wASEpIAEgBkEwamr9AAAAITkgACAGQTBqav0AAAAgOf3mAUMAAIA//RP95QEhOiA6/eABITsgOUMAAAAA/RP9RCE8IDsgCP3lASAJ/eYBQwAArsL9E/3rASFBIEFDO6q4P/0T/eYB/WohQCBBIEBDAIAxP/0T/eYB/eUBIUEgQSBAQ4OAXrn9E/3mAf3lASFBQ85Dtzr9EyBBQ2dpUDn9E/3mAf3kASFCQwiJCDz9EyBBIEL95gH95AEhQkPBqSo9/RMgQSBC/eYB/eQBIUJDqqoqPv0TIEEgQv3mAf3kASFCQwAAAD/9EyBBIEL95gH95AEhQiBBIEH95gEgQv3mASBB/eQBQwAAgD/9E/3kASFCIEIgQEN/AABL/RP95AFBF/2rAf3mASE9IDv94QEgCP3lASAJ/eYBQwAArsL9E/3rASFEIERDO6q4P/0T/eYB/WohQyBEIENDAIAxP/0T/eYB/eUBIUQgRCBDQ4OAXrn9E/3mAf3lASFEQ85Dtzr9EyBEQ2dpUDn9E/3mAf3kASFFQwiJCDz9EyBEIEX95gH95AEhRUPBqSo9/RMgRCBF/eYB/eQBIUVDqqoqPv0TIEQgRf3mAf3kASFFQwAAAD/9EyBEIEX95gH95AEhRSBEIET95gEgRf3mASBE/eQBQwAAgD/9E/3kASFFIEUgQ0N/AABL/RP95AFBF/2rAf3mASE+IAIgBkEwamogOSA9ID795QEgOkGAgICAeP0R/U79UP3mASA8/U79CwAAID0gPv3kASA8/U4hPyA3ID/9X/3wASE3IDggPyA//Q0ICQoLDA0ODwABAgMEBQYH/V/98AEhOCAGQcAAaiEGDAALCyAKIAv98AEhCiAKIBr98AEhCiAKICn98AEhCiAKIDj98AEhCiAKIBn98AEhCiAKICj98AEhCiAKIDf98AEhCiAK/SEAIAr9IQGgC0ACAn8BeyABQQJ0IQQgAv0TIQUCQANAIAMgBE8NASAAIANqIAAgA2r9AAAAIAX95gH9CwAAIANBEGohAwwACwsL';

const moduleBytes = (): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(MODULE_BASE64), (c) => c.charCodeAt(0));
let compiled: WebAssembly.Module | undefined;

/** Floats per iteration of the module's loops: every count passed to it is a multiple of this. */
const GROUP = 16;

/** The three passes, bound to one memory. Pointers are byte offsets; counts are multiples of {@link GROUP}. */
interface Passes {
  absmax(x: number, s: number, count: number): number;
  expsum(x: number, s: number, out: number, count: number, top: number, inv: number): number;
  scale(out: number, count: number, factor: number): void;
}
const instances = new WeakMap<WebAssembly.Memory, Passes>();

function passesFor(memory: WebAssembly.Memory): Passes {
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
 * The smooth max of one row and its weights, on views of one memory: the vectorised passes over
 * the first 16⌊m/16⌋ entries, float32 steps in the same order (exp in float64) for the rest.
 * Returns smax = top + τ·log Σ(a + b) + τ·offset (float64 from the float64 sum).
 */
function smoothMaxRow(passes: Passes, heap: Float32Array, x: number, s: number, out: number, m: number, tau: number, offset: number): number {
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
    const a = f(Math.exp(Math.max(f(f(u - top) * inv), -87)));
    const b = f(Math.exp(Math.max(f(f(-u - top) * inv), -87)));
    heap[out + e] = scale * Math.sign(delta) * f(a - b);
    sum += f(a + b);
  }
  // a row without items: weights 0 (and smax −∞)
  const factor = sum > 0 ? f(1 / sum) : 0;
  passes.scale(4 * out, main, factor);
  for (let e = main; e < m; e++) heap[out + e] = heap[out + e]! * factor;
  return top + tau * (Math.log(sum) + offset);
}

/**
 * [smax, weights] for x [S, m] and scale [m] (attrs temperature τ, offset): per row, the smooth
 * max of |δ|, δ = x∘scale − 1 over the entries with scale > 0, and ∂smax/∂x (see `@derand/jl`'s
 * `distortionSmoothMax`). Three vectorised passes in place of about a dozen elementwise kernels,
 * two of them scalar exponentials (decision record 0804).
 */
export const distortionSmoothMaxConfig: KernelConfig = {
  kernelName: DISTORTION_SMOOTH_MAX,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs['x'] as TensorInfo;
    const scale = inputs['scale'] as TensorInfo;
    const tau = Number((attrs as Record<string, unknown>)['temperature']);
    const offset = Number((attrs as Record<string, unknown>)['offset'] ?? 0);
    const [rows, m] = x.shape as [number, number];
    if (x.dtype !== 'float32' || scale.dtype !== 'float32' || x.shape.length !== 2 || scale.shape.length !== 1 || scale.shape[0] !== m) {
      throw new Error(`${DISTORTION_SMOOTH_MAX}: float32 x [S, m] and scale [m] expected (got ${x.dtype} [${x.shape.join(', ')}] and ${scale.dtype} [${scale.shape.join(', ')}]).`);
    }
    if (!(tau > 0) || !Number.isFinite(offset)) throw new Error(`${DISTORTION_SMOOTH_MAX}: temperature must be > 0 and offset finite (got ${tau}, ${offset}).`);
    const wasm = backend as unknown as WasmBackendHeap;
    const smax = wasm.makeOutput([rows], 'float32');
    const weights = wasm.makeOutput([rows, m], 'float32');
    // views taken after both allocations (an allocation may grow the heap and detach older views)
    const xv = wasm.typedArrayFromHeap(x) as Float32Array;
    const heap = new Float32Array(xv.buffer);
    const base = (v: Float32Array): number => v.byteOffset / 4;
    const xAt = base(xv);
    const sAt = base(wasm.typedArrayFromHeap(scale) as Float32Array);
    const wAt = base(wasm.typedArrayFromHeap(weights) as Float32Array);
    const values = wasm.typedArrayFromHeap(smax) as Float32Array;
    const memory = memoryOf(backend);
    if (memory === undefined) throw new Error(`${DISTORTION_SMOOTH_MAX}: the wasm backend does not expose its memory (wasm.asm.memory, tfjs-backend-wasm 4.22); unregister the kernel to use stock ops.`);
    const passes = passesFor(memory);
    for (let row = 0; row < rows; row++) values[row] = smoothMaxRow(passes, heap, xAt + row * m, sAt, wAt + row * m, m, tau, offset);
    return [smax, weights];
  },
};
