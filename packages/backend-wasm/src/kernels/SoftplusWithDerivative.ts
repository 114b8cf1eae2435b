import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The kernel's name. `@derand/models` runs it (through `tf.engine().runKernel`) where the active
 * backend has it, in the fused first-order pass of an MLP: it has no gradient.
 */
export const SOFTPLUS_WITH_DERIVATIVE = 'DerandSoftplusWithDerivative';

/**
 * The module of `softplus-with-derivative.wat` (next to this file's source, written by
 * `scripts/softplus-wat.mjs`; `wat2wasm` from wabt 1.0.32 assembles it to these bytes): one
 * exported function `softplus(in, out, der, blocks)` over blocks of 16 float32s:
 * softplus(t) = max(t, 0) + log1p(e) and σ(t) = t ≥ 0 ? 1/(1 + e) : e/(1 + e), e = exp(−|t|), with
 * exp by Cody–Waite reduction and Cephes' expf polynomial and log1p(e) = 2·atanh(e/(2 + e)) by
 * its series to the s¹³ term, in wasm SIMD, four groups of four per iteration.
 */
const MODULE_BASE64 = 'AGFzbQEAAAABCAFgBH9/f38AAg8BA2VudgZtZW1vcnkCAAEDAgEABwwBCHNvZnRwbHVzAAAKhBABgRACAn8seyADQcAAbCEFAkADQCAEIAVPDQEgACAEQQBqav0ABAAhBkMAACDC/RMgBv3gAf3hAf3rASEHIAdDO6q4P/0T/eYB/WohCCAHIAhDAIAxP/0T/eYB/eUBIQkgCSAIQ4OAXrn9E/3mAf3lASEJQ85Dtzr9EyAJQ2dpUDn9E/3mAf3kASEKQwiJCDz9EyAJIAr95gH95AEhCkPBqSo9/RMgCSAK/eYB/eQBIQpDqqoqPv0TIAkgCv3mAf3kASEKQwAAAD/9EyAJIAr95gH95AEhCiAJIAn95gEgCv3mASAJ/eQBQwAAgD/9E/3kASEKIAogCEN/AABL/RP95AFBF/2rAf3mASELIAsgC0MAAABA/RP95AH95wEhDCAMIAz95gEhDUOMLro9/RMgDUPZiZ09/RP95gH95AEhDkM5juM9/RMgDSAO/eYB/eQBIQ5DJUkSPv0TIA0gDv3mAf3kASEOQ83MTD79EyANIA795gH95AEhDkOrqqo+/RMgDSAO/eYB/eQBIQ5DAACAP/0TIA0gDv3mAf3kASEOIAwgDP3kASAO/eYBIQ4gASAEQQBqaiAGQwAAAAD9E/3pASAO/eQB/QsEAEMAAIA//RMgC0MAAIA//RP95AH95wEhDyAPIAsgD/3mASAGQwAAAAD9E/1G/VIhECACIARBAGpqIAYgECAGIAb9Qv1S/QsEACAAIARBEGpq/QAEACERQwAAIML9EyAR/eAB/eEB/esBIRIgEkM7qrg//RP95gH9aiETIBIgE0MAgDE//RP95gH95QEhFCAUIBNDg4Beuf0T/eYB/eUBIRRDzkO3Ov0TIBRDZ2lQOf0T/eYB/eQBIRVDCIkIPP0TIBQgFf3mAf3kASEVQ8GpKj39EyAUIBX95gH95AEhFUOqqio+/RMgFCAV/eYB/eQBIRVDAAAAP/0TIBQgFf3mAf3kASEVIBQgFP3mASAV/eYBIBT95AFDAACAP/0T/eQBIRUgFSATQ38AAEv9E/3kAUEX/asB/eYBIRYgFiAWQwAAAED9E/3kAf3nASEXIBcgF/3mASEYQ4wuuj39EyAYQ9mJnT39E/3mAf3kASEZQzmO4z39EyAYIBn95gH95AEhGUMlSRI+/RMgGCAZ/eYB/eQBIRlDzcxMPv0TIBggGf3mAf3kASEZQ6uqqj79EyAYIBn95gH95AEhGUMAAIA//RMgGCAZ/eYB/eQBIRkgFyAX/eQBIBn95gEhGSABIARBEGpqIBFDAAAAAP0T/ekBIBn95AH9CwQAQwAAgD/9EyAWQwAAgD/9E/3kAf3nASEaIBogFiAa/eYBIBFDAAAAAP0T/Ub9UiEbIAIgBEEQamogESAbIBEgEf1C/VL9CwQAIAAgBEEgamr9AAQAIRxDAAAgwv0TIBz94AH94QH96wEhHSAdQzuquD/9E/3mAf1qIR4gHSAeQwCAMT/9E/3mAf3lASEfIB8gHkODgF65/RP95gH95QEhH0POQ7c6/RMgH0NnaVA5/RP95gH95AEhIEMIiQg8/RMgHyAg/eYB/eQBISBDwakqPf0TIB8gIP3mAf3kASEgQ6qqKj79EyAfICD95gH95AEhIEMAAAA//RMgHyAg/eYB/eQBISAgHyAf/eYBICD95gEgH/3kAUMAAIA//RP95AEhICAgIB5DfwAAS/0T/eQBQRf9qwH95gEhISAhICFDAAAAQP0T/eQB/ecBISIgIiAi/eYBISNDjC66Pf0TICND2YmdPf0T/eYB/eQBISRDOY7jPf0TICMgJP3mAf3kASEkQyVJEj79EyAjICT95gH95AEhJEPNzEw+/RMgIyAk/eYB/eQBISRDq6qqPv0TICMgJP3mAf3kASEkQwAAgD/9EyAjICT95gH95AEhJCAiICL95AEgJP3mASEkIAEgBEEgamogHEMAAAAA/RP96QEgJP3kAf0LBABDAACAP/0TICFDAACAP/0T/eQB/ecBISUgJSAhICX95gEgHEMAAAAA/RP9Rv1SISYgAiAEQSBqaiAcICYgHCAc/UL9Uv0LBAAgACAEQTBqav0ABAAhJ0MAACDC/RMgJ/3gAf3hAf3rASEoIChDO6q4P/0T/eYB/WohKSAoIClDAIAxP/0T/eYB/eUBISogKiApQ4OAXrn9E/3mAf3lASEqQ85Dtzr9EyAqQ2dpUDn9E/3mAf3kASErQwiJCDz9EyAqICv95gH95AEhK0PBqSo9/RMgKiAr/eYB/eQBIStDqqoqPv0TICogK/3mAf3kASErQwAAAD/9EyAqICv95gH95AEhKyAqICr95gEgK/3mASAq/eQBQwAAgD/9E/3kASErICsgKUN/AABL/RP95AFBF/2rAf3mASEsICwgLEMAAABA/RP95AH95wEhLSAtIC395gEhLkOMLro9/RMgLkPZiZ09/RP95gH95AEhL0M5juM9/RMgLiAv/eYB/eQBIS9DJUkSPv0TIC4gL/3mAf3kASEvQ83MTD79EyAuIC/95gH95AEhL0Orqqo+/RMgLiAv/eYB/eQBIS9DAACAP/0TIC4gL/3mAf3kASEvIC0gLf3kASAv/eYBIS8gASAEQTBqaiAnQwAAAAD9E/3pASAv/eQB/QsEAEMAAIA//RMgLEMAAIA//RP95AH95wEhMCAwICwgMP3mASAnQwAAAAD9E/1G/VIhMSACIARBMGpqICcgMSAnICf9Qv1S/QsEACAEQcAAaiEEDAALCws=';

let compiled: WebAssembly.Module | undefined;
const moduleBytes = (): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(MODULE_BASE64), (c) => c.charCodeAt(0));

/** Whether this runtime compiles the module (it needs WebAssembly SIMD). */
export function softplusWithDerivativeSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(moduleBytes());
}
let instance: { memory: WebAssembly.Memory; run: (input: number, out: number, der: number, blocks: number) => void } | undefined;
/** Floats per block of the module's loop. */
const BLOCK = 16;

/** The instance, with a memory of at least `bytes` bytes (grown as needed). */
function kernelInstance(bytes: number): NonNullable<typeof instance> {
  const pages = Math.ceil(bytes / 65536);
  if (instance === undefined || instance.memory.buffer.byteLength < bytes) {
    compiled ??= new WebAssembly.Module(moduleBytes());
    const memory = new WebAssembly.Memory({ initial: Math.max(1, pages) });
    const exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports;
    instance = { memory, run: exports['softplus'] as NonNullable<typeof instance>['run'] };
  }
  return instance;
}

/**
 * softplus and its derivative σ in one vectorised pass: `value`[i] = softplus(t[i]),
 * `derivative`[i] = σ(t[i]). Within 3.2 ulp (value) and 2.7 ulp (σ) of float64 for |t| ≤ 39 (3.1
 * and 2.4 measured on 400 001 points);
 * beyond, e^{−|t|} is taken as e^{−40} (< 5e-18 absolute), which keeps every intermediate a normal
 * float (subnormal arithmetic is slow). NaN stays NaN.
 *
 * @param t - the inputs
 * @param value - output, same length
 * @param derivative - output, same length
 */
export function softplusWithDerivative(t: Float32Array, value: Float32Array, derivative: Float32Array): void {
  const n = t.length;
  const blocks = Math.ceil(n / BLOCK);
  const stride = 4 * BLOCK * blocks;
  const { memory, run } = kernelInstance(3 * stride);
  new Float32Array(memory.buffer, 0, n).set(t);
  run(0, stride, 2 * stride, blocks);
  value.set(new Float32Array(memory.buffer, stride, n));
  derivative.set(new Float32Array(memory.buffer, 2 * stride, n));
}

/** The slice of the wasm backend this kernel uses (tfjs-backend-wasm 4.22: \`wasm.asm.memory\` is its WebAssembly.Memory). */
interface WasmBackendHeap {
  wasm: { asm?: { memory?: unknown } };
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array;
}

const onHeap = new WeakMap<WebAssembly.Memory, (input: number, out: number, der: number, blocks: number) => void>();

/** The module instantiated on the backend's own memory (undefined where the backend does not expose it). */
function heapKernel(backend: WasmBackendHeap): ((input: number, out: number, der: number, blocks: number) => void) | undefined {
  const memory = backend.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return undefined;
  let run = onHeap.get(memory);
  if (run === undefined) {
    compiled ??= new WebAssembly.Module(moduleBytes());
    run = new WebAssembly.Instance(compiled, { env: { memory } }).exports['softplus'] as (input: number, out: number, der: number, blocks: number) => void;
    onHeap.set(memory, run);
  }
  return run;
}

/**
 * [softplus(x), σ(x)] of a float32 tensor on wasm, one pass instead of six kernels (relu, abs,
 * sigmoid, log and sub for the value, sigmoid for σ), of which tfjs-backend-wasm's scalar `Log`
 * alone costs about 0.28 ms on 50 × 1000 entries (decision record 0402).
 */
export const softplusWithDerivativeConfig: KernelConfig = {
  kernelName: SOFTPLUS_WITH_DERIVATIVE,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const x = inputs['x'] as TensorInfo;
    if (x.dtype !== 'float32') throw new Error(`${SOFTPLUS_WITH_DERIVATIVE}: float32 input expected (got ${x.dtype}).`);
    const wasm = backend as unknown as WasmBackendHeap;
    const value = wasm.makeOutput([...x.shape], 'float32');
    const derivative = wasm.makeOutput([...x.shape], 'float32');
    // views taken after both allocations (an allocation may grow the heap and detach older views)
    const xv = wasm.typedArrayFromHeap(x) as Float32Array;
    const vv = wasm.typedArrayFromHeap(value) as Float32Array;
    const dv = wasm.typedArrayFromHeap(derivative) as Float32Array;
    const run = heapKernel(wasm);
    // whole blocks in place on the backend's memory; the last n % 16 entries (or all, without the memory) through the copying path
    const main = run === undefined ? 0 : xv.length - (xv.length % BLOCK);
    if (main > 0) run!(xv.byteOffset, vv.byteOffset, dv.byteOffset, main / BLOCK);
    if (main < xv.length) softplusWithDerivative(xv.subarray(main), vv.subarray(main), dv.subarray(main));
    return [value, derivative];
  },
};
