/**
 * Adam's update on float32 arrays as a small WebAssembly function, so that every operation is
 * one correctly rounded float32 operation (as in the tensor loop, whose kernels compute in
 * float32) at native speed: in JavaScript each of those operations needs a `Math.fround`, which
 * made the update of 1.28 M parameters cost ≈ 17 ms a step against ≈ 2 ms here (decision record
 * 0210).
 *
 * The module is written out below as bytes (no build step, no binary file): one exported
 * function `adam(pW, pM, pS, pG, count, penalty, b1, 1−b1, b2, 1−b2, c1, c2, ε, −η)` that for
 * k < count, with byte offsets into the imported memory, does
 *
 *   g = f32(G[k]) + W[k]·penalty     (G float64: the host pass's gradient; penalty = 2λ or 0)
 *   M[k] = M[k]·b1 + g·(1−b1)
 *   S[k] = S[k]·b2 + (g·g)·(1−b2)
 *   W[k] = W[k] + ((M[k]·c1) / (√(S[k]·c2) + ε))·(−η)
 *
 * in exactly the order and association of the core's `adam` (scaleByAdam, then
 * scaleByLearningRate, then applyUpdates, with the penalty gradient added first).
 */

const I32 = 0x7f;
const F32 = 0x7d;
const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  f32Load: 0x2a,
  f64Load: 0x2b,
  f32Store: 0x38,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Shl: 0x74,
  f32Sqrt: 0x91,
  f32Add: 0x92,
  f32Mul: 0x94,
  f32Div: 0x95,
  f32DemoteF64: 0xb6,
  emptyType: 0x40,
} as const;

// parameters 0…13, then locals
const P = { w: 0, m: 1, s: 2, g: 3, count: 4, penalty: 5, b1: 6, c1m: 7, b2: 8, c2m: 9, c1: 10, c2: 11, eps: 12, negRate: 13 } as const;
const L = { k: 14, off4: 15, off8: 16, grad: 17, first: 18, second: 19 } as const;

const get = (i: number): number[] => [op.localGet, i];
const set = (i: number): number[] => [op.localSet, i];
const at = (base: number, offset: number): number[] => [...get(base), ...get(offset), op.i32Add];
const loadF32 = [op.f32Load, 2, 0];
const loadF64 = [op.f64Load, 3, 0];
const storeF32 = [op.f32Store, 2, 0];

const body: number[] = [
  2, 3, I32, 3, F32, // locals: k, off4, off8 (i32); g, m, v (f32)
  op.block, op.emptyType,
  op.loop, op.emptyType,
  ...get(L.k), ...get(P.count), op.i32GeU, op.brIf, 1,
  ...get(L.k), op.i32Const, 2, op.i32Shl, ...set(L.off4),
  ...get(L.k), op.i32Const, 3, op.i32Shl, ...set(L.off8),
  // g = f32(G[k]) + W[k]·penalty
  ...at(P.g, L.off8), ...loadF64, op.f32DemoteF64,
  ...at(P.w, L.off4), ...loadF32, ...get(P.penalty), op.f32Mul,
  op.f32Add, ...set(L.grad),
  // M[k] = M[k]·b1 + g·(1 − b1)
  ...at(P.m, L.off4), ...loadF32, ...get(P.b1), op.f32Mul,
  ...get(L.grad), ...get(P.c1m), op.f32Mul,
  op.f32Add, ...set(L.first),
  ...at(P.m, L.off4), ...get(L.first), ...storeF32,
  // S[k] = S[k]·b2 + (g·g)·(1 − b2)
  ...at(P.s, L.off4), ...loadF32, ...get(P.b2), op.f32Mul,
  ...get(L.grad), ...get(L.grad), op.f32Mul, ...get(P.c2m), op.f32Mul,
  op.f32Add, ...set(L.second),
  ...at(P.s, L.off4), ...get(L.second), ...storeF32,
  // W[k] = W[k] + ((M·c1) / (√(S·c2) + ε))·(−η)
  ...at(P.w, L.off4),
  ...at(P.w, L.off4), ...loadF32,
  ...get(L.first), ...get(P.c1), op.f32Mul,
  ...get(L.second), ...get(P.c2), op.f32Mul, op.f32Sqrt, ...get(P.eps), op.f32Add,
  op.f32Div, ...get(P.negRate), op.f32Mul,
  op.f32Add, ...storeF32,
  // k += 1
  ...get(L.k), op.i32Const, 1, op.i32Add, ...set(L.k),
  op.br, 0,
  op.end,
  op.end,
  op.end,
];

/** Unsigned LEB128. */
function leb(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}
const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];
const name = (text: string): number[] => [...leb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

/** The module, importing a plain memory or a shared one (for worker threads; at most 4 GiB). */
function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const limits = shared ? [0x03, 1, ...leb(65536)] : [0x00, 1];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 14, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32, F32, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...limits]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('adam'), 0x00, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

const compiled = new Map<boolean, WebAssembly.Module>();
const compiledModule = (shared: boolean): WebAssembly.Module => {
  let module = compiled.get(shared);
  if (module === undefined) compiled.set(shared, (module = new WebAssembly.Module(moduleBytes(shared))));
  return module;
};

/** Whether this runtime has WebAssembly (else the caller uses the tensor loop). */
export function adamWasmAvailable(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.Module === 'function';
}

/** Adam's constants (a plain Adam's `plainAdam`). */
export interface AdamConstants {
  readonly learningRate: number;
  readonly b1: number;
  readonly b2: number;
  readonly eps: number;
}

/** Byte offsets of one workspace in a memory: the float64 gradient, then float32 parameters and both moments. */
export interface AdamLayout {
  readonly size: number;
  readonly grad: number;
  readonly params: number;
  readonly m: number;
  readonly s: number;
}

/** Consecutive layouts for workspaces of the given sizes, and the bytes they need. */
export function adamLayouts(sizes: readonly number[]): { layouts: AdamLayout[]; bytes: number } {
  let offset = 0;
  const layouts = sizes.map((size) => {
    const grad = offset;
    const params = grad + 8 * size;
    const m = params + 4 * size;
    const s = m + 4 * size;
    offset = s + 4 * size;
    offset += (8 - (offset % 8)) % 8; // the next float64 gradient stays aligned
    return { size, grad, params, m, s };
  });
  if (offset > 2 ** 31) throw new RangeError(`adamLayouts: ${sizes.join(' + ')} parameters need ${offset} bytes, above the 2 GiB this kernel addresses.`);
  return { layouts, bytes: offset };
}

/** A memory of at least `bytes` bytes, shared (for worker threads) or not. */
export function adamMemory(bytes: number, shared: boolean): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  return new WebAssembly.Memory(shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages });
}

/**
 * The update on `memory` (each thread instantiates its own): Adam step `count` (1-based, for
 * the bias corrections) on entries [lo, hi) of one workspace, with the penalty gradient
 * `penalty`·params (penalty = 2λ, or 0) added to the gradient first.
 */
export function adamKernel(memory: WebAssembly.Memory, shared: boolean): (layout: AdamLayout, count: number, penalty: number, adam: AdamConstants, lo: number, hi: number) => void {
  const instance = new WebAssembly.Instance(compiledModule(shared), { env: { memory } });
  const run = instance.exports['adam'] as (...args: number[]) => void;
  const f = Math.fround;
  return (layout, count, penalty, adam, lo, hi) => {
    if (hi <= lo) return;
    const c1 = 1 / (1 - adam.b1 ** count);
    const c2 = 1 / (1 - adam.b2 ** count);
    run(layout.params + 4 * lo, layout.m + 4 * lo, layout.s + 4 * lo, layout.grad + 8 * lo, hi - lo, f(penalty), f(adam.b1), f(1 - adam.b1), f(adam.b2), f(1 - adam.b2), f(c1), f(c2), f(adam.eps), f(-adam.learningRate));
  };
}
