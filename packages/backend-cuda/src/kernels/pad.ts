import { dtypeCode } from '../cuda-backend.js';
import { input, type CudaKernel } from '../kernel.js';
import { stridesOf } from '../shape.js';
import { copyStrided } from './copy.js';

/** PadV2: the output filled with `constantValue`, x copied into the interior. */
export const padKernel: CudaKernel = {
  kernelName: 'PadV2',
  run: (backend, inputs, attrs) => {
    const x = input(inputs, 'x');
    const paddings = attrs['paddings'] as [number, number][];
    const shape = x.shape.map((d, i) => (paddings[i]?.[0] ?? 0) + d + (paddings[i]?.[1] ?? 0));
    const out = backend.allocate(shape, x.dtype);
    const size = shape.reduce((a, b) => a * b, 1);
    backend.addon.fill(dtypeCode(x.dtype), backend.handle(out), size, attrs['constantValue'] as number);
    const outStrides = stridesOf(shape);
    const offset = paddings.reduce((acc, [before], d) => acc + before * (outStrides[d] ?? 0), 0);
    if (x.shape.every((d) => d > 0)) copyStrided(backend, x, 0, stridesOf(x.shape), out, offset, outStrides, x.shape);
    return out;
  },
};
