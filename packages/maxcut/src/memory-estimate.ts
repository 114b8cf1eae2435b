import { DerandError } from '@derand/registry';
import { defaultSdpRank } from './sdp/mixing-method.js';

/** Most bytes the wasm backend can hold (a 32-bit address space), whatever the machine has. */
export const WASM_MEMORY_BYTES = 2 ** 32;

/** What the pipeline needs for a graph, by part, in bytes. */
export interface MaxcutMemoryEstimate {
  readonly sdp: number;
  readonly bound: number;
  /** Tensors of the derandomized rounding (on the compute backend). */
  readonly rounding: number;
  readonly total: number;
}

/**
 * Estimates the memory of the MAXCUT pipeline from the problem size, before anything is
 * allocated: the SDP factor V and its start (2 · 8nr bytes), the bound's Lanczos vectors or, up
 * to `verifyLimit`, its dense n × n matrix, and the rounding's float32 tensors (about 8 copies of
 * the compressed factor, ρ = min(r, 64) columns, and 2 per edge). An upper-side estimate: peaks
 * of the parts do not all coincide.
 *
 * @param n - vertices
 * @param m - edges
 * @param options - SDP rank r (default min(⌈√(2n)⌉, 64)), `verifyLimit` (2500), whether the rounding uses tensors
 * @example maxcutMemoryEstimate(800, 19176, {}).total; // about 4 MB
 */
export function maxcutMemoryEstimate(n: number, m: number, options: { readonly rank?: number; readonly verifyLimit?: number; readonly tensors?: boolean }): MaxcutMemoryEstimate {
  const r = options.rank ?? defaultSdpRank(n);
  const rho = Math.min(r, 64);
  const sdp = 16 * n * r;
  const bound = n <= (options.verifyLimit ?? 2500) ? 8 * n * n : 8 * n * 32;
  const rounding = options.tensors === false ? 8 * n : 4 * (8 * n * rho + 2 * m * rho);
  return { sdp, bound, rounding, total: sdp + bound + rounding };
}

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 3 : 1)} GiB`;

/**
 * Refuses a graph the pipeline cannot hold, before it allocates: says what it would need, the
 * budget, and which options make it fit (a smaller `--sdp-rank`, the tensor-free hyperplane rounding).
 *
 * @param n - vertices
 * @param m - edges
 * @param options - SDP rank, `verifyLimit`, whether the rounding uses tensors
 * @param backend - the compute backend id (wasm caps tensors at 4 GiB)
 * @param budget - bytes the host allows (`context.memoryBytes`; undefined: no host limit)
 * @throws DerandError `TOO_LARGE`
 * @example assertMaxcutFits(graph.n, graph.m, { rank: 8 }, 'wasm', 16 * 2 ** 30);
 */
export function assertMaxcutFits(n: number, m: number, options: { readonly rank?: number; readonly verifyLimit?: number; readonly tensors?: boolean }, backend: string, budget: number | undefined): void {
  const need = maxcutMemoryEstimate(n, m, options);
  const host = budget ?? Infinity;
  const tensorCap = backend === 'wasm' ? WASM_MEMORY_BYTES : Infinity;
  if (need.total <= host && need.rounding <= tensorCap) return;
  const fits = (o: typeof options): boolean => {
    const e = maxcutMemoryEstimate(n, m, o);
    return e.total <= host && e.rounding <= tensorCap;
  };
  const advice: string[] = [];
  let low = 1;
  let high = options.rank ?? defaultSdpRank(n);
  if (fits({ ...options, rank: 1 })) {
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits({ ...options, rank: mid })) low = mid;
      else high = mid - 1;
    }
    advice.push(`--sdp-rank ${low} (about ${gib(maxcutMemoryEstimate(n, m, { ...options, rank: low }).total)}; a lower rank gives a weaker SDP bound)`);
  }
  if (options.tensors !== false && fits({ ...options, tensors: false })) advice.push('--rounding hyperplane (no tensors)');
  if (options.tensors !== false && advice.length === 0 && fits({ ...options, rank: 1, tensors: false })) advice.push('--sdp-rank 1 --rounding hyperplane');
  const where = need.rounding > tensorCap ? `the wasm backend holds at most ${gib(tensorCap)} of tensors and the rounding needs ${gib(need.rounding)}` : `this machine has ${gib(host)}`;
  throw new DerandError(
    'TOO_LARGE',
    `A graph with n = ${n} vertices and m = ${m} edges needs about ${gib(need.total)} (SDP ${gib(need.sdp)}, bound ${gib(need.bound)}, rounding ${gib(need.rounding)}), but ${where}. ` +
      (advice.length > 0 ? `To fit: ${advice.join(', or ')}.` : 'No option makes it fit here: the graph alone is too large for this machine.'),
    { details: { n, m, needBytes: need.total, budgetBytes: host } },
  );
}
