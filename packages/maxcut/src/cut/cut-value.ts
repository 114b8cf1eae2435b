import { DerandError } from '@derand/registry';
import type { Graph } from '../graph/graph.js';

/**
 * Sides of a cut: x_i ∈ {−1, +1} for every vertex (an Int8Array of ±1).
 */
export type Sides = Int8Array;

/**
 * The cut value Σ_e w_e (1 − x_i x_j)/2: the total weight of edges whose ends lie on
 * different sides (negative weights count negatively).
 *
 * @param graph - the graph
 * @param sides - x ∈ {−1, +1}ⁿ
 * @throws DerandError when `sides` has the wrong length or a value other than ±1
 * @example
 * cutValue(graph, Int8Array.from([1, -1, 1]));
 */
export function cutValue(graph: Graph, sides: Sides): number {
  checkSides(graph, sides);
  let cut = 0;
  for (let e = 0; e < graph.m; e++) if (sides[graph.from[e]!] !== sides[graph.to[e]!]) cut += graph.weight[e]!;
  return cut;
}

/** Throws unless `sides` is a ±1 vector of length n. */
export function checkSides(graph: Graph, sides: Sides): void {
  if (sides.length !== graph.n) {
    throw new DerandError('CUT_SIZE', `A cut of ${graph.name} needs ${graph.n} sides, got ${sides.length}.`);
  }
  for (let i = 0; i < sides.length; i++) {
    if (sides[i] !== 1 && sides[i] !== -1) throw new DerandError('CUT_VALUE', `Side of vertex ${i} is ${sides[i]}; sides must be −1 or +1.`);
  }
}

/**
 * Flip gains: gain_i = Σ_j w_ij x_i x_j, the change of the cut value when vertex i changes
 * side (positive: flipping i improves the cut).
 */
export function flipGains(graph: Graph, sides: Sides): Float64Array {
  const gains = new Float64Array(graph.n);
  const { offsets, neighbors, neighborWeight } = graph;
  for (let i = 0; i < graph.n; i++) {
    let g = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) g += neighborWeight[k]! * sides[neighbors[k]!]!;
    gains[i] = g * sides[i]!;
  }
  return gains;
}

/** Sides from a real vector: x_i = +1 when y_i ≥ 0, else −1. */
export function signSides(values: ArrayLike<number>): Sides {
  const sides = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) sides[i] = values[i]! >= 0 ? 1 : -1;
  return sides;
}
