/**
 * Index arithmetic for strided kernels: row-major strides, broadcasting strides, and the
 * collapse of dimensions so that the device sees the smallest rank (fewer divisions per
 * element; a dense operation collapses to rank 1).
 */

/** Row-major element strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = (strides[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  return strides;
}

/** Strides of `inShape` read at the indices of `outShape` it broadcasts to (0 on broadcast axes). */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(inShape);
  const shift = outShape.length - inShape.length;
  return outShape.map((_, d) => {
    const i = d - shift;
    if (i < 0) return 0;
    return (inShape[i] ?? 1) === 1 ? 0 : (own[i] ?? 0);
  });
}

/** An iteration space with one stride list per operand. */
export interface StridedSpace {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Drops size-1 dimensions and merges neighbours d, d+1 whenever every operand has
 * stride[d] = stride[d+1]·shape[d+1]; the points visited and their offsets are unchanged.
 */
export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): StridedSpace {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d] ?? 1;
    if (size === 1) continue;
    const last = outShape.length - 1;
    const mergeable =
      last >= 0 && strides.every((s, k) => (outStrides[k]?.[last] ?? 0) === (s[d] ?? 0) * size);
    if (mergeable) {
      outShape[last] = (outShape[last] ?? 1) * size;
      strides.forEach((s, k) => {
        const list = outStrides[k] as number[];
        list[last] = s[d] ?? 0;
      });
    } else {
      outShape.push(size);
      strides.forEach((s, k) => (outStrides[k] as number[]).push(s[d] ?? 0));
    }
  }
  if (shape.some((d) => d === 0)) return { shape: [0], strides: strides.map(() => [0]) };
  return { shape: outShape, strides: outStrides };
}

/** Product of the dimensions in [from, to). */
export function sizeBetween(shape: readonly number[], from: number, to: number): number {
  let n = 1;
  for (let d = from; d < to; d++) n *= shape[d] ?? 1;
  return n;
}
