import type { Graph } from '../graph/graph.js';

/**
 * The mixing method's sweep order: vertices grouped by colour. No edge joins two vertices of one
 * colour class, so the updates inside a class read nothing the class writes and may run in any
 * order, or on several threads at once, with the same result (decision record 0809).
 */
export interface ColourOrder {
  /** Number of colour classes. */
  readonly colours: number;
  /** The vertices class by class, ascending inside a class. */
  readonly order: Int32Array;
  /** Class c is order[classStart[c] … classStart[c + 1] − 1] (length colours + 1). */
  readonly classStart: Int32Array;
}

/**
 * Greedy colouring in vertex order: each vertex takes the smallest colour none of its earlier
 * neighbours has (at most Δ + 1 colours; 2 on an even torus, 5 on a sparse random graph with
 * m = n = 10 000). Deterministic: it depends on the graph alone.
 *
 * @example
 * const { colours, order, classStart } = greedyColourOrder(graph);
 * // class c: order.subarray(classStart[c], classStart[c + 1])
 */
export function greedyColourOrder(graph: Graph): ColourOrder {
  const { n, offsets, neighbors } = graph;
  const colour = new Int32Array(n).fill(-1);
  // seen[c] === i + 1 marks colour c as taken by a neighbour of vertex i
  const seen = new Int32Array(n + 1);
  let colours = 0;
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const c = colour[neighbors[k]!]!;
      if (c >= 0) seen[c] = i + 1;
    }
    let c = 0;
    while (seen[c] === i + 1) c++;
    colour[i] = c;
    if (c + 1 > colours) colours = c + 1;
  }
  const classStart = new Int32Array(colours + 1);
  for (let i = 0; i < n; i++) classStart[colour[i]! + 1]! += 1;
  for (let c = 0; c < colours; c++) classStart[c + 1]! += classStart[c]!;
  const next = classStart.slice(0, colours);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[colour[i]!]!++] = i;
  return { colours, order, classStart };
}

/**
 * Where each class is cut into `parts` consecutive ranges of about equal work (degree + 1 per
 * vertex): class c, part p is positions [splits[c·(parts+1) + p], splits[c·(parts+1) + p + 1]).
 *
 * @example const splits = classSplits(graph, greedyColourOrder(graph), 2);
 */
export function classSplits(graph: Graph, colourOrder: ColourOrder, parts: number): Int32Array {
  const { offsets } = graph;
  const { colours, order, classStart } = colourOrder;
  const splits = new Int32Array(colours * (parts + 1));
  for (let c = 0; c < colours; c++) {
    const lo = classStart[c]!;
    const hi = classStart[c + 1]!;
    let total = 0;
    for (let q = lo; q < hi; q++) total += offsets[order[q]! + 1]! - offsets[order[q]!]! + 1;
    const base = c * (parts + 1);
    splits[base] = lo;
    splits[base + parts] = hi;
    let q = lo;
    let done = 0;
    for (let p = 1; p < parts; p++) {
      const target = (total * p) / parts;
      while (q < hi && done < target) {
        done += offsets[order[q]! + 1]! - offsets[order[q]!]! + 1;
        q++;
      }
      splits[base + p] = q;
    }
  }
  return splits;
}
