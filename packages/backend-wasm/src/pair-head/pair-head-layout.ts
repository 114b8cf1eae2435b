/** Control words of the pair-head worker (an Int32Array on shared memory). */
export const Control = { Generation: 0, Done: 1, Ready: 2, Failed: 3, Exit: 4, Samples: 5, N: 6, Q: 7, ScaleVersion: 8, Length: 16 } as const;

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
