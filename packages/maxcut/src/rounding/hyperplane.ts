import { sampleNormal, type RandomKey } from '@derand/core';
import type { Graph } from '../graph/graph.js';
import type { Sides } from '../cut/cut-value.js';
import type { SdpSolution } from '../sdp/mixing-method.js';

/**
 * The exact expected cut of Goemans–Williamson random-hyperplane rounding of unit vectors:
 * E[cut] = Σ_e w_e · arccos(v_i·v_j)/π (an edge is cut with probability angle/π).
 *
 * @param graph - the graph
 * @param sdp - unit vectors (the SDP solution)
 * @example gwExpectedCut(graph, solveSdp(graph)); // ≈ 11270 on G1
 * @see Goemans & Williamson (1995), Lemma 3.2.
 */
export function gwExpectedCut(graph: Graph, sdp: SdpSolution): number {
  const { rank, vectors } = sdp;
  let total = 0;
  for (let e = 0; e < graph.m; e++) {
    const a = graph.from[e]! * rank;
    const b = graph.to[e]! * rank;
    let dot = 0;
    for (let t = 0; t < rank; t++) dot += vectors[a + t]! * vectors[b + t]!;
    total += (graph.weight[e]! * Math.acos(Math.max(-1, Math.min(1, dot)))) / Math.PI;
  }
  return total;
}

/** The best of several random-hyperplane cuts. */
export interface HyperplaneRounding {
  readonly best: number;
  readonly sides: Sides;
  /** Mean cut over the hyperplanes (a Monte-Carlo estimate of the expected cut). */
  readonly mean: number;
  readonly count: number;
  /** Every cut value, in draw order. */
  readonly values: Float64Array;
}

/**
 * Goemans–Williamson rounding: draws `count` normals z ~ N(0, I_r) from `key` and keeps the
 * best cut x = sign(V z).
 *
 * @param graph - the graph
 * @param sdp - unit vectors
 * @param count - number of hyperplanes (≥ 1; the baseline uses 100)
 * @param key - random key (hyperplane h uses normals h·r … h·r + r − 1 of its stream)
 * @example bestOfHyperplanes(graph, sdp, 100, keyFromSeed(0)).best; // ≈ 11400 on G1
 */
export function bestOfHyperplanes(graph: Graph, sdp: SdpSolution, count: number, key: RandomKey): HyperplaneRounding {
  const { n, rank, vectors } = sdp;
  const z = sampleNormal(key, count * rank);
  const values = new Float64Array(count);
  const sides = new Int8Array(n);
  let bestSides = new Int8Array(n).fill(1);
  let best = -Infinity;
  let sum = 0;
  for (let h = 0; h < count; h++) {
    const zh = h * rank;
    for (let i = 0; i < n; i++) {
      let y = 0;
      for (let t = 0; t < rank; t++) y += vectors[i * rank + t]! * z[zh + t]!;
      sides[i] = y >= 0 ? 1 : -1;
    }
    let cut = 0;
    for (let e = 0; e < graph.m; e++) if (sides[graph.from[e]!] !== sides[graph.to[e]!]) cut += graph.weight[e]!;
    values[h] = cut;
    sum += cut;
    if (cut > best) {
      best = cut;
      bestSides = sides.slice();
    }
  }
  return { best, sides: bestSides, mean: sum / count, count, values };
}
