import { DerandError } from '@derand/registry';
import type { Graph } from '../graph/graph.js';
import { cutValue, flipGains, type Sides } from '../cut/cut-value.js';
import { flip } from '../local/one-flip.js';

/** Largest n {@link maxcutByEnumeration} accepts (2^27 Gray-code steps). */
export const ENUMERATION_LIMIT = 28;

/** An exact MAXCUT solution. */
export interface ExactCut {
  readonly cut: number;
  readonly sides: Sides;
  /** Cuts examined (2^(n−1): the last vertex stays on side +1 by symmetry). */
  readonly examined: number;
}

/**
 * Exact MAXCUT by Gray-code enumeration of all 2^(n−1) cuts (the last vertex is fixed,
 * since x and −x cut the same edges). Consecutive Gray codes differ in one vertex, whose flip
 * changes the cut by its gain; gains are updated in O(deg), so the whole run costs
 * O(2ⁿ⁻¹ · average degree).
 *
 * @param graph - a graph with n ≤ 28
 * @throws DerandError when n > {@link ENUMERATION_LIMIT}
 * @example maxcutByEnumeration(parseRudy(paperG15Text, { name: 'paper-g15.txt' })).cut; // 41
 * @see Knuth, TAOCP 4A §7.2.1.1 (Gray codes).
 */
export function maxcutByEnumeration(graph: Graph): ExactCut {
  const { n } = graph;
  if (n > ENUMERATION_LIMIT) {
    throw new DerandError('TOO_LARGE', `Enumeration is limited to n ≤ ${ENUMERATION_LIMIT} vertices (${graph.name} has ${n}); use the branch-and-bound solver.`);
  }
  const sides = new Int8Array(n).fill(1);
  const gains = flipGains(graph, sides);
  let cut = 0;
  let best = 0;
  let bestSides = sides.slice();
  const steps = 2 ** Math.max(0, n - 1);
  for (let k = 1; k < steps; k++) {
    // the bit that changes between Gray codes k−1 and k is the lowest set bit of k
    const i = 31 - Math.clz32(k & -k);
    cut += gains[i]!;
    flip(i, sides, gains, graph.offsets, graph.neighbors, graph.neighborWeight);
    if (cut > best) {
      best = cut;
      bestSides = sides.slice();
    }
  }
  // the running sum may drift with real weights: report the exact value of the best cut
  return { cut: cutValue(graph, bestSides), sides: bestSides, examined: steps };
}
