import { input, type CudaKernel } from '../kernel.js';
import { stridesOf } from '../shape.js';
import { copyStrided } from './copy.js';
import { reshapeInfo } from './reshape.js';

/**
 * Tile (also what tf.broadcastTo runs): out[q_d·n_d + p_d] = x[p_d]. Written as one strided
 * copy over the doubled index space (q_0, p_0, q_1, p_1, …) with source stride 0 on each q.
 */
export const tileKernel: CudaKernel = {
  kernelName: 'Tile',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'x');
    const reps = attrs['reps'] as number[];
    if (reps.every((r) => r === 1)) return reshapeInfo(backend, x, [...x.shape]);
    const shape = x.shape.map((d, i) => d * (reps[i] ?? 1));
    const out = backend.allocate(shape, x.dtype);
    const inStrides = stridesOf(x.shape);
    const outStrides = stridesOf(shape);
    const space: number[] = [];
    const src: number[] = [];
    const dst: number[] = [];
    x.shape.forEach((n, d) => {
      space.push(reps[d] ?? 1, n);
      src.push(0, inStrides[d] ?? 0);
      dst.push(n * (outStrides[d] ?? 0), outStrides[d] ?? 0);
    });
    if (shape.every((d) => d > 0)) copyStrided(backend, x, 0, src, out, 0, dst, space);
    return out;
  },
};
