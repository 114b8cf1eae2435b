import type { TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The module of `small-matmul.wat` (next to this file's source, written by
 * `scripts/small-matmul-wat.mjs`; `wat2wasm` from wabt 1.0.32 assembles it to these bytes):
 * `axpy` (SIMD over the output's columns, either layout of A) and `dot` (SIMD over the inner
 * dimension, B stored transposed), on the memory of the tfjs wasm module itself (imported), so
 * operands are read and the output written in place.
 */
const MODULE_BASE64 = 'AGFzbQEAAAABGQJgCn9/f39/f39/f38AYAh/f39/f39/fwACDwEDZW52Bm1lbW9yeQIAAQMDAgABBw4CBGF4cHkAAANkb3QAAQrtDALtCQMIfwl7AX0gCUECdCENAkADQCAKIAdPDQEgACAKIAFsaiEOIAQgCiANbGohD0EAIQsCQANAIAtBgAFqIA1LDQEgBgR7IAUgC2r9AAAABf0MAAAAAAAAAAAAAAAAAAAAAAshEyAGBHsgBSALav0AABAF/QwAAAAAAAAAAAAAAAAAAAAACyEUIAYEeyAFIAtq/QAAIAX9DAAAAAAAAAAAAAAAAAAAAAALIRUgBgR7IAUgC2r9AAAwBf0MAAAAAAAAAAAAAAAAAAAAAAshFiAGBHsgBSALav0AAEAF/QwAAAAAAAAAAAAAAAAAAAAACyEXIAYEeyAFIAtq/QAAUAX9DAAAAAAAAAAAAAAAAAAAAAALIRggBgR7IAUgC2r9AABgBf0MAAAAAAAAAAAAAAAAAAAAAAshGSAGBHsgBSALav0AAHAF/QwAAAAAAAAAAAAAAAAAAAAACyEaIA4hECADIAtqIREgCCEMAkADQCAMRQ0BIBD9CQAAIRIgEyASIBH9AAAA/eYB/eQBIRMgFCASIBH9AAAQ/eYB/eQBIRQgFSASIBH9AAAg/eYB/eQBIRUgFiASIBH9AAAw/eYB/eQBIRYgFyASIBH9AABA/eYB/eQBIRcgGCASIBH9AABQ/eYB/eQBIRggGSASIBH9AABg/eYB/eQBIRkgGiASIBH9AABw/eYB/eQBIRogECACaiEQIBEgDWohESAMQQFrIQwMAAsLIA8gC2ogE/0LAAAgDyALaiAU/QsAECAPIAtqIBX9CwAgIA8gC2ogFv0LADAgDyALaiAX/QsAQCAPIAtqIBj9CwBQIA8gC2ogGf0LAGAgDyALaiAa/QsAcCALQYABaiELDAALCwJAA0AgC0HAAGogDUsNASAGBHsgBSALav0AAAAF/QwAAAAAAAAAAAAAAAAAAAAACyETIAYEeyAFIAtq/QAAEAX9DAAAAAAAAAAAAAAAAAAAAAALIRQgBgR7IAUgC2r9AAAgBf0MAAAAAAAAAAAAAAAAAAAAAAshFSAGBHsgBSALav0AADAF/QwAAAAAAAAAAAAAAAAAAAAACyEWIA4hECADIAtqIREgCCEMAkADQCAMRQ0BIBD9CQAAIRIgEyASIBH9AAAA/eYB/eQBIRMgFCASIBH9AAAQ/eYB/eQBIRQgFSASIBH9AAAg/eYB/eQBIRUgFiASIBH9AAAw/eYB/eQBIRYgECACaiEQIBEgDWohESAMQQFrIQwMAAsLIA8gC2ogE/0LAAAgDyALaiAU/QsAECAPIAtqIBX9CwAgIA8gC2ogFv0LADAgC0HAAGohCwwACwsCQANAIAtBEGogDUsNASAGBHsgBSALav0AAAAF/QwAAAAAAAAAAAAAAAAAAAAACyETIA4hECADIAtqIREgCCEMAkADQCAMRQ0BIBD9CQAAIRIgEyASIBH9AAAA/eYB/eQBIRMgECACaiEQIBEgDWohESAMQQFrIQwMAAsLIA8gC2ogE/0LAAAgC0EQaiELDAALCwJAA0AgCyANTw0BIAYEfSAFIAtqKgAABUMAAAAACyEbIA4hECADIAtqIREgCCEMAkADQCAMRQ0BIBsgECoAACARKgAAlJIhGyAQIAJqIRAgESANaiERIAxBAWshDAwACwsgDyALaiAbOAAAIAtBBGohCwwACwsgCkEBaiEKDAALCwv7AgMJfwJ7AX0gBkECdCEKIApBcHEhCyAKQWBxIQwgAiEQAkADQCAIIAVPDQEgACAIIApsaiEOQQAhCQJAA0AgCSAHTw0BIAEgCSAKbGohD/0MAAAAAAAAAAAAAAAAAAAAACER/QwAAAAAAAAAAAAAAAAAAAAAIRJBACENAkADQCANIAxPDQEgESAOIA1q/QAAACAPIA1q/QAAAP3mAf3kASERIBIgDiANav0AABAgDyANav0AABD95gH95AEhEiANQSBqIQ0MAAsLIA0gC0kEQCARIA4gDWr9AAAAIA8gDWr9AAAA/eYB/eQBIREgDUEQaiENCyARIBL95AEhESAR/R8AIBH9HwGSIBH9HwIgEf0fA5KSIRMCQANAIA0gCk8NASATIA4gDWoqAAAgDyANaioAAJSSIRMgDUEEaiENDAALCyAEBEAgAyAJQQJ0aioAACATkiETCyAQIBM4AAAgEEEEaiEQIAlBAWohCQwACwsgCEEBaiEIDAALCws=';

/**
 * The largest m·k·n that runs in the module rather than in XNNPACK. XNNPACK creates an operator
 * and packs B at every call with a new B (every training step), tens of microseconds that the
 * arithmetic of a small matmul does not repay; above this size its packed micro-kernels win
 * (`node packages/backend-wasm/dist/bench.js`, decision record 0805).
 */
export const SMALL_MATMUL_LIMIT = 1 << 21;

/** The module's two loop orders, bound to one memory. */
export interface SmallMatMulModule {
  axpy(a: number, rs: number, cs: number, b: number, c: number, bias: number, hasBias: number, m: number, k: number, n: number): void;
  dot(a: number, bt: number, c: number, bias: number, hasBias: number, m: number, k: number, n: number): void;
}

const moduleBytes = (): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(MODULE_BASE64), (c) => c.charCodeAt(0));
let compiled: WebAssembly.Module | undefined;
let supported: boolean | undefined;
const instances = new WeakMap<WebAssembly.Memory, SmallMatMulModule>();
let enabled = true;

/** Turns the small-matmul path on or off (on by default): off sends every matmul to XNNPACK, for benchmarks that compare the two. */
export function setSmallMatMul(on: boolean): void {
  enabled = on;
}

/** The slice of the wasm backend (tfjs-backend-wasm 4.22) this path uses. */
interface WasmBackendInternals {
  wasm: { asm?: { memory?: unknown } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: string): TensorInfo;
  disposeData(dataId: object): boolean;
}

/** The module instantiated on `memory` (once per memory). */
export function moduleFor(memory: WebAssembly.Memory): SmallMatMulModule {
  let instance = instances.get(memory);
  if (instance === undefined) {
    compiled ??= new WebAssembly.Module(moduleBytes());
    instance = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as SmallMatMulModule;
    instances.set(memory, instance);
  }
  return instance;
}

/** [rows, cols] of a rank-2 operand or of a rank-3 one with batch 1; undefined otherwise. */
function matrixShape(x: TensorInfo): [number, number] | undefined {
  if (x.shape.length === 2) return [x.shape[0]!, x.shape[1]!];
  if (x.shape.length === 3 && x.shape[0] === 1) return [x.shape[1]!, x.shape[2]!];
  return undefined;
}

/** Operands of {@link smallMatMul}; `transpose` materialises the transpose of the last two axes (the caller's Transpose kernel). */
export interface SmallMatMulArgs {
  readonly a: TensorInfo;
  readonly b: TensorInfo;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** Added to every row: size n, every axis but the last of length 1. */
  readonly bias?: TensorInfo;
  readonly backend: unknown;
  readonly transpose: (x: TensorInfo) => TensorInfo;
}

/**
 * op(A)·op(B) (+ bias) for float32 matrices (rank 2, or rank 3 with batch 1) with m·k·n at most
 * {@link SMALL_MATMUL_LIMIT}, in the module: `dot` when B has fewer than four columns and is
 * stored transposed (or is one column) and A is not, else `axpy`, which reads either layout of
 * A and takes B untransposed (materialised when it is stored transposed). Undefined when the
 * operands are not of that form, the path is off, or the runtime lacks wasm SIMD or the
 * backend's memory: the caller then runs XNNPACK. Results agree with it to float32 summation order.
 */
export function smallMatMul(args: SmallMatMulArgs): TensorInfo | undefined {
  const { a, b, transposeA, transposeB, bias } = args;
  if (!enabled || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== b.shape.length) return undefined;
  const as = matrixShape(a);
  const bs = matrixShape(b);
  if (as === undefined || bs === undefined) return undefined;
  const [m, k] = transposeA ? [as[1], as[0]] : as;
  const [k2, n] = transposeB ? [bs[1], bs[0]] : bs;
  if (k !== k2 || m * k * n === 0 || m * k * n > SMALL_MATMUL_LIMIT) return undefined;
  if (bias !== undefined && (bias.dtype !== 'float32' || bias.shape.at(-1) !== n || bias.shape.slice(0, -1).some((d) => d !== 1))) return undefined;
  const backend = args.backend as WasmBackendInternals;
  const memory = backend.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return undefined;
  supported ??= typeof WebAssembly === 'object' && WebAssembly.validate(moduleBytes());
  if (!supported) return undefined;
  const dot = !transposeA && n < 4 && (transposeB || n === 1);
  const bIn = !dot && transposeB ? args.transpose(b) : b;
  try {
    const out = backend.makeOutput(a.shape.length === 3 ? [1, m, n] : [m, n], 'float32');
    const at = (x: TensorInfo): number => backend.dataIdMap.get(x.dataId)!.memoryOffset;
    const biasAt = bias === undefined ? 0 : at(bias);
    const hasBias = bias === undefined ? 0 : 1;
    const module = moduleFor(memory);
    if (dot) module.dot(at(a), at(bIn), at(out), biasAt, hasBias, m, k, n);
    else module.axpy(at(a), transposeA ? 4 : 4 * k, transposeA ? 4 * m : 4, at(bIn), at(out), biasAt, hasBias, m, k, n);
    return out;
  } finally {
    if (bIn !== b) backend.disposeData(bIn.dataId);
  }
}
