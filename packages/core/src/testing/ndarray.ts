/**
 * A minimal float64 n-dimensional array with reference implementations of tensor ops
 * (broadcasting, reductions, batched matmul, shape ops). It is deliberately naive: it is the
 * independent reference that every backend's float32 kernels are checked against.
 */
export class NdArray {
  constructor(
    readonly shape: readonly number[],
    readonly data: Float64Array,
  ) {
    if (data.length !== sizeOf(shape)) throw new Error(`NdArray: ${data.length} values for shape [${shape.join(', ')}]`);
  }

  get rank(): number {
    return this.shape.length;
  }

  static of(shape: readonly number[], values: ArrayLike<number>): NdArray {
    return new NdArray([...shape], Float64Array.from(values));
  }

  static zeros(shape: readonly number[]): NdArray {
    return new NdArray([...shape], new Float64Array(sizeOf(shape)));
  }

  get(index: readonly number[]): number {
    return this.data[offsetOf(this.shape, index)] ?? NaN;
  }

  map(f: (v: number) => number): NdArray {
    return new NdArray(this.shape, this.data.map(f));
  }
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = (strides[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  return strides;
}

function offsetOf(shape: readonly number[], index: readonly number[]): number {
  const strides = stridesOf(shape);
  return index.reduce((acc, v, i) => acc + v * (strides[i] ?? 0), 0);
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let i = shape.length - 1; i >= 0; i--) {
    const dim = shape[i] ?? 1;
    index[i] = flat % dim;
    flat = Math.floor(flat / dim);
  }
  return index;
}

export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`cannot broadcast [${a.join(',')}] with [${b.join(',')}]`);
    out.push(Math.max(da, db));
  }
  return out;
}

function broadcastGet(x: NdArray, outIndex: readonly number[]): number {
  const shift = outIndex.length - x.rank;
  const index = x.shape.map((dim, i) => (dim === 1 ? 0 : (outIndex[i + shift] ?? 0)));
  return x.get(index);
}

export function elementwise(inputs: readonly NdArray[], f: (...v: number[]) => number): NdArray {
  const shape = inputs.reduce<number[]>((s, x) => broadcastShapes(s, x.shape), []);
  const out = NdArray.zeros(shape);
  for (let i = 0; i < out.data.length; i++) {
    const index = unravel(i, shape);
    out.data[i] = f(...inputs.map((x) => broadcastGet(x, index)));
  }
  return out;
}

export function reduce(
  x: NdArray,
  axes: readonly number[] | undefined,
  keepDims: boolean,
  init: number,
  combine: (acc: number, v: number) => number,
  finish: (acc: number, count: number) => number = (acc) => acc,
): NdArray {
  const all = axes ?? x.shape.map((_, i) => i);
  const norm = all.map((a) => (a < 0 ? a + x.rank : a));
  const keptShape = x.shape.map((d, i) => (norm.includes(i) ? 1 : d));
  const acc = new Float64Array(sizeOf(keptShape)).fill(init);
  const count = norm.reduce((c, a) => c * (x.shape[a] ?? 1), 1);
  for (let i = 0; i < x.data.length; i++) {
    const index = unravel(i, x.shape).map((v, k) => (norm.includes(k) ? 0 : v));
    const o = offsetOf(keptShape, index);
    acc[o] = combine(acc[o] ?? init, x.data[i] ?? NaN);
  }
  const shape = keepDims ? keptShape : x.shape.filter((_, i) => !norm.includes(i));
  return new NdArray(shape, acc.map((v) => finish(v, count)));
}

export function transpose(x: NdArray, perm?: readonly number[]): NdArray {
  const p = perm ?? x.shape.map((_, i) => x.rank - 1 - i);
  const shape = p.map((i) => x.shape[i] ?? 1);
  const out = NdArray.zeros(shape);
  for (let i = 0; i < out.data.length; i++) {
    const index = unravel(i, shape);
    const src = new Array<number>(x.rank);
    p.forEach((axis, k) => (src[axis] = index[k] ?? 0));
    out.data[i] = x.get(src);
  }
  return out;
}

/** Batched matmul with broadcasting batch dims and optional transposes of the last two axes. */
export function matmul(a: NdArray, b: NdArray, transposeA = false, transposeB = false): NdArray {
  const swap = (x: NdArray, t: boolean): NdArray => {
    if (!t) return x;
    const perm = x.shape.map((_, i) => i);
    perm[x.rank - 2] = x.rank - 1;
    perm[x.rank - 1] = x.rank - 2;
    return transpose(x, perm);
  };
  const A = swap(a, transposeA);
  const B = swap(b, transposeB);
  const m = A.shape[A.rank - 2] ?? 1;
  const k = A.shape[A.rank - 1] ?? 1;
  const n = B.shape[B.rank - 1] ?? 1;
  if ((B.shape[B.rank - 2] ?? 1) !== k) throw new Error('matmul: inner dimensions differ');
  const batch = broadcastShapes(A.shape.slice(0, -2), B.shape.slice(0, -2));
  const out = NdArray.zeros([...batch, m, n]);
  for (let i = 0; i < out.data.length; i++) {
    const index = unravel(i, out.shape);
    const bi = index.slice(0, -2);
    const row = index[index.length - 2] ?? 0;
    const col = index[index.length - 1] ?? 0;
    let s = 0;
    for (let t = 0; t < k; t++) {
      s += broadcastGet(A, [...bi, row, t]) * broadcastGet(B, [...bi, t, col]);
    }
    out.data[i] = s;
  }
  return out;
}

export function reshape(x: NdArray, shape: readonly number[]): NdArray {
  return new NdArray([...shape], Float64Array.from(x.data));
}

export function slice(x: NdArray, begin: readonly number[], size: readonly number[]): NdArray {
  const out = NdArray.zeros(size);
  for (let i = 0; i < out.data.length; i++) {
    const index = unravel(i, size);
    out.data[i] = x.get(index.map((v, k) => v + (begin[k] ?? 0)));
  }
  return out;
}

export function concat(xs: readonly NdArray[], axis: number): NdArray {
  const first = xs[0];
  if (first === undefined) throw new Error('concat of nothing');
  const shape = [...first.shape];
  shape[axis] = xs.reduce((s, x) => s + (x.shape[axis] ?? 0), 0);
  const out = NdArray.zeros(shape);
  for (let i = 0; i < out.data.length; i++) {
    const index = unravel(i, shape);
    let position = index[axis] ?? 0;
    for (const x of xs) {
      const dim = x.shape[axis] ?? 0;
      if (position < dim) {
        const src = [...index];
        src[axis] = position;
        out.data[i] = x.get(src);
        break;
      }
      position -= dim;
    }
  }
  return out;
}

export function gather(x: NdArray, indices: readonly number[], axis: number): NdArray {
  const shape = [...x.shape];
  shape[axis] = indices.length;
  const out = NdArray.zeros(shape);
  for (let i = 0; i < out.data.length; i++) {
    const index = unravel(i, shape);
    index[axis] = indices[index[axis] ?? 0] ?? 0;
    out.data[i] = x.get(index);
  }
  return out;
}

export function pad(x: NdArray, paddings: readonly (readonly [number, number])[], value = 0): NdArray {
  const shape = x.shape.map((d, i) => d + (paddings[i]?.[0] ?? 0) + (paddings[i]?.[1] ?? 0));
  const out = NdArray.zeros(shape);
  for (let i = 0; i < out.data.length; i++) {
    const index = unravel(i, shape).map((v, k) => v - (paddings[k]?.[0] ?? 0));
    const inside = index.every((v, k) => v >= 0 && v < (x.shape[k] ?? 0));
    out.data[i] = inside ? x.get(index) : value;
  }
  return out;
}

export function tile(x: NdArray, reps: readonly number[]): NdArray {
  const shape = x.shape.map((d, i) => d * (reps[i] ?? 1));
  const out = NdArray.zeros(shape);
  for (let i = 0; i < out.data.length; i++) {
    out.data[i] = x.get(unravel(i, shape).map((v, k) => v % (x.shape[k] ?? 1)));
  }
  return out;
}

/** Softmax along the last axis. */
export function softmax(x: NdArray): NdArray {
  const n = x.shape[x.rank - 1] ?? 1;
  const out = NdArray.zeros(x.shape);
  for (let r = 0; r < x.data.length / n; r++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, x.data[r * n + j] ?? -Infinity);
    let total = 0;
    for (let j = 0; j < n; j++) total += Math.exp((x.data[r * n + j] ?? 0) - max);
    for (let j = 0; j < n; j++) out.data[r * n + j] = Math.exp((x.data[r * n + j] ?? 0) - max) / total;
  }
  return out;
}
