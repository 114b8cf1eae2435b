/** A data set of the JL demo: what the solver's `data` option is given, and a suggested k. */
export interface DemoDataset {
  readonly id: string;
  readonly label: string;
  readonly k: number;
  /** The solver's data option for a seed (a generator name, or the rows inline). */
  readonly data: (seed: number) => string | { readonly rows: number[][]; readonly name: string };
}

/** mulberry32: a small seeded stream for the page's own data (not the solver's randomness). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` points in R^d around `clusters` centres (centres N(0, I), spread `spread`), drawn from
 * `seed` by the page and passed to the solver inline: the browser form of a user's own data.
 *
 * @example clusteredRows(60, 64, 4, 0.3, 0).length; // 60
 */
export function clusteredRows(n: number, d: number, clusters: number, spread: number, seed: number): number[][] {
  const random = mulberry32(seed ^ 0x5eed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: clusters }, () => Array.from({ length: d }, normal));
  return Array.from({ length: n }, (_, i) => centres[i % clusters]!.map((c) => c + spread * normal()));
}

/** The demo's data sets, small enough for a browser. */
export const DEMO_DATASETS: readonly DemoDataset[] = [
  { id: 'uniform-40x100', label: '40 uniform unit rows of R¹⁰⁰ (drawn by the solver)', k: 10, data: () => 'uniform:40x100' },
  { id: 'clusters', label: '60 points in 4 clusters of R⁶⁴ (rows passed inline)', k: 12, data: (seed) => ({ rows: clusteredRows(60, 64, 4, 0.3, seed), name: 'clusters (60 × 64)' }) },
  { id: 'uniform-paper', label: 'the paper’s 100 uniform unit rows of R⁵⁰⁰', k: 30, data: () => 'uniform' },
];
