import { DerandError } from '@derand/registry';

/** Most bytes the wasm backend can hold (a 32-bit address space), whatever the machine has. */
const WASM_MEMORY_BYTES = 2 ** 32;

/** What a JL fit's tensors need, by part, in bytes. */
export interface JlMemoryEstimate {
  /** The data and the problem's coordinates (n × d, float32, twice). */
  readonly data: number;
  /** Pairs per step: the n × n Gram matrices of every sample (exact), or a batch (sampled). */
  readonly pairs: number;
  /** The sampler's noise factor: (k·r)² for the full factor, else k·r. */
  readonly sampler: number;
  readonly total: number;
}

/**
 * Estimates the memory of a JL fit from the problem size before any tensor exists: the data
 * (2 · 4nd), the pairs of a step (exact: S + 3 float32 Gram matrices n × n; sampled: the batch
 * times k), and the sampler's factor over the r = min(n, d) problem coordinates ((k·r)² floats
 * for the full factor). An upper-side estimate.
 *
 * @param n - points
 * @param d - dimension
 * @param o - k, pair mode, pair batch, samples S, sampler id
 * @example jlMemoryEstimate(100, 500, { k: 30, pairs: 'exact', pairBatch: 4096, samples: 4, method: 'isotropic' }).total;
 */
export function jlMemoryEstimate(n: number, d: number, o: { readonly k: number; readonly pairs: 'exact' | 'sampled'; readonly pairBatch: number; readonly samples: number; readonly method: string }): JlMemoryEstimate {
  const r = Math.min(n, d);
  const data = 8 * n * d;
  const pairs = o.pairs === 'exact' ? 4 * (o.samples + 3) * n * n : 4 * (o.samples + 3) * o.pairBatch * o.k;
  const sampler = o.method === 'full' ? 4 * 3 * (o.k * r) ** 2 : 4 * 3 * o.k * r;
  return { data, pairs, sampler, total: data + pairs + sampler };
}

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 3 : 1)} GiB`;

/**
 * Refuses a JL fit that cannot fit, before allocating: what it would need, the budget, and the
 * options that make it fit (`--pairs sampled`, a smaller `--pair-batch`, `--method lowrank`).
 *
 * @param n - points
 * @param d - dimension
 * @param o - k, pair mode, pair batch, samples, sampler id
 * @param backend - the compute backend id (wasm holds at most 4 GiB)
 * @param budget - bytes the host allows (`context.memoryBytes`; undefined: no host limit)
 * @throws DerandError `TOO_LARGE`
 * @example assertJlFits(60000, 784, { k: 30, pairs: 'exact', pairBatch: 4096, samples: 4, method: 'isotropic' }, 'wasm', 2 ** 34);
 */
export function assertJlFits(n: number, d: number, o: Parameters<typeof jlMemoryEstimate>[2], backend: string, budget: number | undefined): void {
  const limit = Math.min(budget ?? Infinity, backend === 'wasm' ? WASM_MEMORY_BYTES : Infinity);
  const need = jlMemoryEstimate(n, d, o);
  if (need.total <= limit) return;
  const fits = (change: Partial<Parameters<typeof jlMemoryEstimate>[2]>): boolean => jlMemoryEstimate(n, d, { ...o, ...change }).total <= limit;
  const advice: string[] = [];
  if (o.pairs === 'exact' && fits({ pairs: 'sampled' })) advice.push('--pairs sampled (an unbiased batch of pairs per step)');
  if (o.method === 'full' && fits({ method: 'lowrank', pairs: fits({ method: 'lowrank' }) ? o.pairs : 'sampled' })) advice.push(`--method lowrank${fits({ method: 'lowrank' }) ? '' : ' --pairs sampled'}`);
  if (o.pairs === 'sampled' && fits({ pairBatch: 256 })) advice.push('--pair-batch 256');
  const where = limit === WASM_MEMORY_BYTES ? `the wasm backend holds at most ${gib(limit)}` : `this machine has ${gib(limit)}`;
  throw new DerandError(
    'TOO_LARGE',
    `A JL fit of n = ${n} points in d = ${d} dimensions (k = ${o.k}, ${o.pairs} pairs, sampler ${o.method}) needs about ${gib(need.total)} (data ${gib(need.data)}, pairs ${gib(need.pairs)}, sampler ${gib(need.sampler)}), but ${where}. ` +
      (advice.length > 0 ? `To fit: ${advice.join(', or ')}.` : 'No option makes it fit here: use fewer points.'),
    { details: { n, d, needBytes: need.total, budgetBytes: limit } },
  );
}
