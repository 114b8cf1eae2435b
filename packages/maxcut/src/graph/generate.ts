import { foldIn, randomBits, type RandomKey } from '@derand/core';
import { DerandError } from '@derand/registry';
import { graphFromEdges, type Graph } from './graph.js';

export interface RandomGraphOptions {
  /** Number of vertices (≥ 2). */
  readonly n: number;
  /** Number of distinct edges (≤ n(n−1)/2). */
  readonly m: number;
  /** Edge weights: all 1 (default) or ±1 with equal probability. */
  readonly weights?: 'unit' | 'plus-minus-one';
  readonly key: RandomKey;
}

/**
 * A uniformly random simple graph with exactly m edges (the G(n, m) model), drawn by
 * rejection of repeated pairs from the key's stream; used for scale tests.
 *
 * @example
 * const g = randomGraph({ n: 20000, m: 40000, key: keyFromSeed(1) });
 */
export function randomGraph(options: RandomGraphOptions): Graph {
  const { n, m } = options;
  if (!Number.isInteger(n) || n < 2 || !Number.isInteger(m) || m < 0 || m > (n * (n - 1)) / 2) {
    throw new DerandError('BAD_GRAPH_SIZE', `randomGraph needs integers n ≥ 2 and 0 ≤ m ≤ n(n−1)/2 (got n = ${n}, m = ${m}).`);
  }
  const seen = new Set<number>();
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const weight = new Float64Array(m).fill(1);
  let count = 0;
  for (let round = 0; count < m; round++) {
    const want = 3 * (m - count) + 16;
    const bits = randomBits(foldIn(options.key, round), want);
    for (let k = 0; k + 2 < want && count < m; k += 3) {
      const i = Math.floor((bits[k]! / 2 ** 32) * n);
      const j = Math.floor((bits[k + 1]! / 2 ** 32) * n);
      if (i === j) continue;
      const a = Math.min(i, j);
      const b = Math.max(i, j);
      const key = a * n + b;
      if (seen.has(key)) continue;
      seen.add(key);
      from[count] = a;
      to[count] = b;
      if (options.weights === 'plus-minus-one' && (bits[k + 2]! & 1) === 1) weight[count] = -1;
      count += 1;
    }
  }
  return graphFromEdges(n, from, to, weight, `random(n=${n}, m=${m})`);
}

export interface ToroidalGridOptions {
  /** Rows and columns of the grid (each ≥ 3, so that the wrap-around edges are distinct). */
  readonly rows: number;
  readonly cols: number;
  /** Edge weights: all 1, or ±1 with equal probability (default) from the key's stream. */
  readonly weights?: 'unit' | 'plus-minus-one';
  readonly key: RandomKey;
}

/**
 * A 2-D toroidal grid: vertex r·cols + c is joined to its right and lower neighbours with
 * wrap-around, so every vertex has degree 4 and m = 2·rows·cols; with ±1 weights it is the
 * ±J spin glass of the Gset toroidal instances (G48–G50 are 0/1 versions).
 *
 * @example
 * const g = toroidalGrid({ rows: 100, cols: 200, key: keyFromSeed(1) }); // n = 20 000, m = 40 000
 */
export function toroidalGrid(options: ToroidalGridOptions): Graph {
  const { rows, cols } = options;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 3 || cols < 3) {
    throw new DerandError('BAD_GRAPH_SIZE', `toroidalGrid needs integer rows, cols ≥ 3 (got ${rows} × ${cols}).`);
  }
  const n = rows * cols;
  const m = 2 * n;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const weight = new Float64Array(m).fill(1);
  const bits = options.weights === 'unit' ? undefined : randomBits(options.key, m);
  let e = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      for (const u of [r * cols + ((c + 1) % cols), ((r + 1) % rows) * cols + c]) {
        from[e] = Math.min(u, v);
        to[e] = Math.max(u, v);
        if (bits !== undefined && (bits[e]! & 1) === 1) weight[e] = -1;
        e += 1;
      }
    }
  }
  return graphFromEdges(n, from, to, weight, `torus(${rows}×${cols}, ${options.weights ?? 'plus-minus-one'})`);
}
