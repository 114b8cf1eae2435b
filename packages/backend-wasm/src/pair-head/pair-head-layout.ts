/** Control words of the pair-head worker (an Int32Array on shared memory). */
export const Control = { Generation: 0, Done: 1, Ready: 2, Failed: 3, Exit: 4, Samples: 5, N: 6, Q: 7, ScaleVersion: 8, Kind: 9, M: 10, K: 11, Cols: 12, AVersion: 13, Length: 16 } as const;

/** What the worker runs for a generation (the `Kind` word). */
export const JobKind = { PairHead: 0, MatMul: 1 } as const;

/** Floats a job of this shape needs in the data buffer: scale, left, right, product, smax, rowScale. */
export const jobFloats = ({ samples, n, q }: { samples: number; n: number; q: number }): number => n * n + 3 * samples * n * q + 2 * samples;

/** The job's arrays laid out in one (shared) buffer, as the main thread and the worker view them. */
export function jobViews(buffer: ArrayBufferLike, { samples, n, q }: { samples: number; n: number; q: number }): { scale: Float32Array; left: Float32Array; right: Float32Array; product: Float32Array; smax: Float32Array; rowScale: Float32Array } {
  let offset = 0;
  const take = (length: number): Float32Array => {
    const view = new Float32Array(buffer, 4 * offset, length);
    offset += length;
    return view;
  };
  return { scale: take(n * n), left: take(samples * n * q), right: take(samples * q * n), product: take(samples * n * q), smax: take(samples), rowScale: take(samples) };
}

/** Floats a matmul job needs in its data buffer: A [m, k], B [k, cols], C [m, cols]. */
export const matMulFloats = ({ m, k, cols }: { m: number; k: number; cols: number }): number => m * k + k * cols + m * cols;

/** A matmul job's arrays laid out in its (shared) buffer, as the main thread and the worker view them. */
export function matMulViews(buffer: ArrayBufferLike, { m, k, cols }: { m: number; k: number; cols: number }): { a: Float32Array; b: Float32Array; c: Float32Array } {
  return { a: new Float32Array(buffer, 0, m * k), b: new Float32Array(buffer, 4 * m * k, k * cols), c: new Float32Array(buffer, 4 * (m * k + k * cols), m * cols) };
}
