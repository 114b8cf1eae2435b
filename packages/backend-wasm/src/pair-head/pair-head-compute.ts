import { passesFor, smoothMaxRow } from '../kernels/DistortionSmoothMax.js';
import { moduleFor } from '../kernels/SmallMatMul.js';

/**
 * The JL exact-pairs head for a batch of samples, on plain typed arrays (what the pair-head
 * worker runs, and the main thread where no worker starts): for each sample s,
 *
 *   D_s = L_s·R_s ([n, q]·[q, n]),   (smax_s, w_s, rowScale_s) = the smooth max of D_s (scale, τ, offset),
 *   product_s = w_s·L_s ([n, n]·[n, q]),
 *
 * with the small-matmul module's `axpy` order (the products in increasing inner index, as
 * XNNPACK sums them) and the smooth-max module's two passes, on a private memory.
 */
export interface PairHeadJob {
  readonly samples: number;
  readonly n: number;
  readonly q: number;
  readonly temperature: number;
  readonly offset: number;
  /** [n·n] */
  readonly scale: Float32Array;
  /** [samples, n, q] */
  readonly left: Float32Array;
  /** [samples, q, n] */
  readonly right: Float32Array;
  /** outputs: [samples, n, q], [samples], [samples] */
  readonly product: Float32Array;
  readonly smax: Float32Array;
  readonly rowScale: Float32Array;
}

/** A private memory with the two modules, grown to fit a job; `scaleKey` says which scale it holds. */
export class PairHeadMemory {
  private memory = new WebAssembly.Memory({ initial: 1 });
  private scaleKey: unknown;

  /** Runs a job; `scaleKey` (any value) skips copying the scale when it equals the last one. */
  run(job: PairHeadJob, scaleKey: unknown): void {
    const { n, q, samples, temperature, offset } = job;
    const nn = n * n;
    // float offsets: scale | left_s | right_s | D | W | product_s
    const at = { scale: 0, left: nn, right: nn + n * q, d: nn + 2 * n * q, w: 2 * nn + 2 * n * q, product: 3 * nn + 2 * n * q };
    const floats = 3 * nn + 3 * n * q;
    const bytes = 4 * floats;
    if (this.memory.buffer.byteLength < bytes) {
      this.memory.grow(Math.ceil((bytes - this.memory.buffer.byteLength) / 65536));
      this.scaleKey = undefined;
    }
    const heap = new Float32Array(this.memory.buffer);
    if (scaleKey === undefined || scaleKey !== this.scaleKey) heap.set(job.scale, at.scale);
    this.scaleKey = scaleKey;
    const mm = moduleFor(this.memory);
    const passes = passesFor(this.memory);
    for (let s = 0; s < samples; s++) {
      heap.set(job.left.subarray(s * n * q, (s + 1) * n * q), at.left);
      heap.set(job.right.subarray(s * q * n, (s + 1) * q * n), at.right);
      mm.axpy(4 * at.left, 4 * q, 4, 4 * at.right, 4 * at.d, 0, 0, n, q, n);
      const { smax, rowScale } = smoothMaxRow(passes, heap, at.d, at.scale, at.w, nn, temperature, offset);
      job.smax[s] = smax;
      job.rowScale[s] = rowScale;
      mm.axpy(4 * at.w, 4 * n, 4, 4 * at.left, 4 * at.product, 0, 0, n, n, q);
      job.product.set(heap.subarray(at.product, at.product + n * q), s * n * q);
    }
  }
}

/** A matmul C = A·B ([m, k]·[k, cols], row-major) on plain typed arrays. */
export interface MatMulJob {
  readonly m: number;
  readonly k: number;
  readonly cols: number;
  readonly a: Float32Array;
  readonly b: Float32Array;
  /** output [m, cols] */
  readonly c: Float32Array;
}

/**
 * A private memory with the small-matmul module for {@link MatMulJob}s: the `axpy` order (each
 * output the products in increasing inner index, as XNNPACK sums them), at any size. `aKey`
 * (any value) skips copying A when it equals the last one's (a constant left operand).
 */
export class MatMulMemory {
  private memory = new WebAssembly.Memory({ initial: 1 });
  private aKey: unknown;
  private aShape = '';

  run(job: MatMulJob, aKey: unknown): void {
    const { m, k, cols } = job;
    const at = { a: 0, b: m * k, c: m * k + k * cols };
    const bytes = 4 * (m * k + k * cols + m * cols);
    if (this.memory.buffer.byteLength < bytes) {
      this.memory.grow(Math.ceil((bytes - this.memory.buffer.byteLength) / 65536));
      this.aKey = undefined;
    }
    const heap = new Float32Array(this.memory.buffer);
    const shape = `${m}x${k}`;
    if (aKey === undefined || aKey !== this.aKey || shape !== this.aShape) heap.set(job.a, at.a);
    this.aKey = aKey;
    this.aShape = shape;
    heap.set(job.b, at.b);
    moduleFor(this.memory).axpy(4 * at.a, 4 * k, 4, 4 * at.b, 4 * at.c, 0, 0, m, k, cols);
    job.c.set(heap.subarray(at.c, at.c + m * cols));
  }
}
