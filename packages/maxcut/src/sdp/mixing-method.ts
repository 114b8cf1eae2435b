import { keyFromSeed, sampleNormal, type RandomKey } from '@derand/core';
import { DerandError } from '@derand/registry';
import type { Graph } from '../graph/graph.js';
import { greedyColourOrder } from './colouring.js';
import { autoSdpThreads, sweepRunner } from './mixing-threads.js';

export interface SdpOptions {
  /** Rank r of the factor V (n × r). Default min(⌈√(2n)⌉, 64) (Barvinok–Pataki up to n = 2048), at most n. */
  readonly rank?: number;
  /** Stop when one sweep changes the SDP value by less than this, relative. Default 1e-8. */
  readonly tolerance?: number;
  /** At most this many sweeps. Default 2000. */
  readonly maxSweeps?: number;
  /** Key for the random unit start. Default keyFromSeed(0). */
  readonly key?: RandomKey;
  /** Start from these rows instead (n·r values, row-major); they are normalised. */
  readonly start?: Float64Array;
  /**
   * Threads for the sweeps: `'auto'` (default; 2 where Node has worker threads and a sweep is
   * large enough) or a count. The result is the same for every count.
   */
  readonly threads?: number | 'auto';
  /** Called after every sweep with the SDP value. */
  readonly onSweep?: (sweep: number, value: number) => void;
}

/** A low-rank SDP solution: unit rows v_i of V (n × r, row-major, float64). */
export interface SdpSolution {
  readonly n: number;
  readonly rank: number;
  /** V, row-major: v_i = V[i·r … i·r + r − 1], ‖v_i‖ = 1. */
  readonly vectors: Float64Array;
  /** Σ_e w_e (1 − v_i·v_j)/2 at the returned V (a lower bound on the SDP optimum). */
  readonly value: number;
  readonly sweeps: number;
  /** True when the tolerance was met before `maxSweeps`. */
  readonly converged: boolean;
  /** Threads the sweeps ran on (V does not depend on them). */
  readonly threads: number;
  /** Colour classes of the sweep order. */
  readonly colours: number;
  /** Why fewer threads ran than asked, where that is so. */
  readonly threadsFallback?: string;
}

/**
 * The largest default rank. Above n = 2048 the rank ⌈√(2n)⌉ of Barvinok–Pataki grows the sweep
 * cost without changing the value measurably: on a 20 000-vertex ±1 torus rank 64 gives
 * 15662.84 against 15662.88 at rank 200 (2000 sweeps, 21.7 s against 62.9 s); on a sparse random
 * graph with n = m = 10 000, 9863.650 at rank 64 against 9863.650 at rank 142 (3.6 s against
 * 7.4 s). The bound stays certified at any rank (decision record 0208).
 */
export const MAX_DEFAULT_SDP_RANK = 64;

/** Default Burer–Monteiro rank min(⌈√(2n)⌉, {@link MAX_DEFAULT_SDP_RANK}), clipped to [1, n]. */
export function defaultSdpRank(n: number): number {
  return Math.max(1, Math.min(n, MAX_DEFAULT_SDP_RANK, Math.ceil(Math.sqrt(2 * n))));
}

/** Σ_e w_e v_i·v_j for row-major V. */
export function edgeCorrelationSum(graph: Graph, vectors: Float64Array, rank: number): number {
  let total = 0;
  for (let e = 0; e < graph.m; e++) {
    const a = graph.from[e]! * rank;
    const b = graph.to[e]! * rank;
    let dot = 0;
    for (let t = 0; t < rank; t++) dot += vectors[a + t]! * vectors[b + t]!;
    total += graph.weight[e]! * dot;
  }
  return total;
}

/**
 * Solves the Goemans–Williamson SDP relaxation of MAXCUT,
 * max Σ_e w_e (1 − v_i·v_j)/2 subject to ‖v_i‖ = 1, v_i ∈ ℝʳ,
 * by the mixing method: block-coordinate ascent over the rows of V, each update
 * v_i ← −g_i/‖g_i‖ with g_i = Σ_j w_ij v_j (the exact maximiser over v_i with the others
 * fixed). One sweep costs O(m·r) on the CSR adjacency; the work is sparse, so it runs on
 * float64 typed arrays (decision record 0201), not tensors. A sweep visits the vertices colour
 * class by colour class ({@link greedyColourOrder}); the rows of one class are independent, so
 * each class is split over the threads and the result does not depend on their number
 * (decision record 0809).
 *
 * @param graph - the graph (negative weights allowed)
 * @param options - rank (min(⌈√(2n)⌉, 64)), tolerance (1e-8 relative change per sweep), maxSweeps (2000), key, threads ('auto')
 * @returns the unit vectors, the SDP value at them, the sweep count and the threads used
 * @example
 * const sdp = solveSdp(graph, { key: keyFromSeed(1) });
 * sdp.value; // ≈ 12083.2 on G1
 * @see Wang, Chang & Kolter (2017), "The Mixing method: low-rank coordinate descent for
 *   semidefinite programming with diagonal constraints"; Goemans & Williamson (1995).
 */
export function solveSdp(graph: Graph, options: SdpOptions = {}): SdpSolution {
  const { n } = graph;
  const rank = options.rank ?? defaultSdpRank(n);
  if (!Number.isInteger(rank) || rank < 1) throw new DerandError('BAD_OPTION', `SDP rank must be a positive integer (got ${rank}).`);
  const tolerance = options.tolerance ?? 1e-8;
  const maxSweeps = options.maxSweeps ?? 2000;
  const vectors = options.start !== undefined ? Float64Array.from(options.start) : sampleNormal(options.key ?? keyFromSeed(0), n * rank);
  if (vectors.length !== n * rank) throw new DerandError('BAD_OPTION', `SDP start has ${vectors.length} values, expected n·r = ${n * rank}.`);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let t = 0; t < rank; t++) norm += vectors[i * rank + t]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) vectors[i * rank] = 1;
    else for (let t = 0; t < rank; t++) vectors[i * rank + t]! /= norm;
  }
  const threadsOption = options.threads ?? 'auto';
  if (threadsOption !== 'auto' && (!Number.isInteger(threadsOption) || threadsOption < 1)) throw new DerandError('BAD_OPTION', `SDP threads must be 'auto' or a positive integer (got ${threadsOption}).`);
  const colourOrder = greedyColourOrder(graph);
  const runner = sweepRunner(graph, colourOrder, vectors, rank, threadsOption === 'auto' ? autoSdpThreads(graph, rank) : threadsOption);
  let correlation = edgeCorrelationSum(graph, vectors, rank);
  let value = (graph.totalWeight - correlation) / 2;
  let sweeps = 0;
  let converged = false;
  try {
    while (sweeps < maxSweeps) {
      sweeps += 1;
      const before = value;
      correlation += runner.sweep();
      value = (graph.totalWeight - correlation) / 2;
      options.onSweep?.(sweeps, value);
      if (Math.abs(value - before) <= tolerance * Math.max(1, Math.abs(value))) {
        converged = true;
        break;
      }
    }
    vectors.set(runner.vectors);
  } finally {
    runner.close();
  }
  // Recompute from scratch: the running sum drifts by rounding over many sweeps.
  value = (graph.totalWeight - edgeCorrelationSum(graph, vectors, rank)) / 2;
  return { n, rank, vectors, value, sweeps, converged, threads: runner.threads, colours: colourOrder.colours, ...(runner.fallback === undefined ? {} : { threadsFallback: runner.fallback }) };
}
