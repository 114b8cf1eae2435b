import type { Graph } from '../graph/graph.js';
import type { Sides } from '../cut/cut-value.js';
import { normalCdf } from './normal-distribution.js';

export interface FixNearZeroResult {
  readonly sides: Sides;
  /** Vertices decided by conditional expectation (the rest take sign(μ_i)). */
  readonly fixed: number;
  /** How many of those ended opposite to sign(μ_i). */
  readonly flippedFromSign: number;
  /** E[same-side weight] of the independent rounding P(x_i = +1) = Φ(μ_i/s_i), before and after fixing. */
  readonly sameSideBefore: number;
  readonly sameSideAfter: number;
}

/**
 * Turns the collapsed sampler into a cut: x_i = sign(μ_i), except vertices whose mean is
 * near zero (|μ_i|/s_i < `threshold`), which are fixed one at a time by the method of
 * conditional expectations so that the smoothed objective never gets worse.
 *
 * With V collapsed, the rounding is independent per vertex with p_i = P(x_i = +1) = Φ(μ_i/s_i)
 * (s_i = √(‖v_i‖² + τ²)), and E[same-side weight] = Σ_e w_e (p_i p_j + (1−p_i)(1−p_j)) is
 * affine in each p_i with slope c_i = Σ_j w_ij (2p_j − 1). Fixing p_i to 1 when c_i < 0 and to 0
 * when c_i > 0 (ties: the sign of μ_i) never increases it. Near-zero vertices are visited in
 * order of increasing |μ_i|/s_i (the least decided first), always using the current p's.
 *
 * @param graph - the graph
 * @param mu - means μ (n)
 * @param scales - s_i (n)
 * @param threshold - |μ_i|/s_i below which a vertex is fixed by conditional expectation (default 2)
 * @see Raghavan (1988), the method of conditional probabilities; paper §5.
 */
export function fixNearZero(graph: Graph, mu: ArrayLike<number>, scales: ArrayLike<number>, threshold = 2): FixNearZeroResult {
  const { n, offsets, neighbors, neighborWeight } = graph;
  const p = new Float64Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = mu[i]! / scales[i]!;
    p[i] = normalCdf(a);
    if (Math.abs(a) < threshold) order.push(i);
  }
  const sameSide = (): number => {
    let total = 0;
    for (let e = 0; e < graph.m; e++) {
      const pi = p[graph.from[e]!]!;
      const pj = p[graph.to[e]!]!;
      total += graph.weight[e]! * (pi * pj + (1 - pi) * (1 - pj));
    }
    return total;
  };
  const sameSideBefore = sameSide();
  order.sort((x, y) => Math.abs(mu[x]! / scales[x]!) - Math.abs(mu[y]! / scales[y]!) || x - y);
  let flippedFromSign = 0;
  for (const i of order) {
    let slope = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) slope += neighborWeight[k]! * (2 * p[neighbors[k]!]! - 1);
    const up = slope < 0 || (slope === 0 && mu[i]! >= 0);
    p[i] = up ? 1 : 0;
    if (up !== mu[i]! >= 0) flippedFromSign += 1;
  }
  const sides = new Int8Array(n);
  for (let i = 0; i < n; i++) sides[i] = p[i] === 1 || (p[i] !== 0 && mu[i]! >= 0) ? 1 : -1;
  return { sides, fixed: order.length, flippedFromSign, sameSideBefore, sameSideAfter: sameSide() };
}
