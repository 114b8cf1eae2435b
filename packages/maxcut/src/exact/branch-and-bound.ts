import { foldIn, keyFromSeed, type RandomKey } from '@derand/core';
import { graphFromEdges, type Graph } from '../graph/graph.js';
import { cutValue, signSides, type Sides } from '../cut/cut-value.js';
import { certifyUpperBound } from '../sdp/dual-bound.js';
import { solveSdp } from '../sdp/mixing-method.js';
import { oneFlip } from '../local/one-flip.js';
import { maxcutByEnumeration } from './gray-code.js';

export interface BranchAndBoundOptions {
  /** A known cut to start from (the better its value, the more the tree is pruned). */
  readonly incumbent?: Sides;
  /** Stop (unproven) after this many nodes (default 1e6). */
  readonly maxNodes?: number;
  /** Stop (unproven) after this many seconds (default Infinity). */
  readonly maxSeconds?: number;
  /** Subproblems with at most this many free vertices are enumerated (default 16). */
  readonly enumerateBelow?: number;
  /**
   * Branching vertex: `'undecided'` (default): |X₀ⱼ| smallest, the vertex the SDP is least
   * sure of (on g05_60.4: 9 587 nodes vs 47 081 for `'decided'`); `'decided'`: |X₀ⱼ| largest.
   */
  readonly branching?: 'decided' | 'undecided';
  readonly key?: RandomKey;
  readonly signal?: AbortSignal;
}

export interface BranchAndBoundResult {
  readonly cut: number;
  readonly sides: Sides;
  /** True when the search finished: `cut` is the optimum. */
  readonly proven: boolean;
  readonly nodes: number;
  /** The certified SDP bound at the root. */
  readonly rootBound: number;
  /** Nodes whose bound was not verified by Cholesky (then `proven` is false). */
  readonly unverifiedNodes: number;
  readonly seconds: number;
}

/** A subproblem: fixed sides (0 = free) relative to the root vertex, fixed to +1. */
interface Node {
  readonly fixed: Int8Array;
  /** SDP vectors of the parent (rank r, one row per original vertex) for a warm start. */
  readonly warm: Float64Array | undefined;
}

interface Contracted {
  readonly graph: Graph;
  /** Constant cut weight from edges between fixed vertices and the fixed side of edges to them. */
  readonly constant: number;
  /** original vertex of contracted vertex k ≥ 1 (k = 0 is the fixed group). */
  readonly free: Int32Array;
}

/**
 * Contracts the fixed vertices into vertex 0 (side +1). An edge a–b with b fixed to s_b
 * becomes a–0 with weight s_b·w plus the constant w when s_b = −1, since
 * w(1 + x_a)/2 = w − w(1 − x_a)/2; edges between fixed vertices become constants.
 */
function contract(graph: Graph, fixed: Int8Array): Contracted {
  const index = new Int32Array(graph.n).fill(-1);
  const free: number[] = [-1];
  for (let i = 0; i < graph.n; i++) if (fixed[i] === 0) index[i] = free.push(i) - 1;
  const toRoot = new Float64Array(free.length);
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  let constant = 0;
  for (let e = 0; e < graph.m; e++) {
    const a = graph.from[e]!;
    const b = graph.to[e]!;
    const w = graph.weight[e]!;
    const sa = fixed[a]!;
    const sb = fixed[b]!;
    if (sa === 0 && sb === 0) {
      from.push(index[a]!);
      to.push(index[b]!);
      weight.push(w);
    } else if (sa === 0 || sb === 0) {
      const f = sa === 0 ? a : b;
      const s = sa === 0 ? sb : sa;
      toRoot[index[f]!]! += s * w;
      if (s === -1) constant += w;
    } else if (sa !== sb) {
      constant += w;
    }
  }
  for (let k = 1; k < free.length; k++) {
    if (toRoot[k] !== 0) {
      from.push(0);
      to.push(k);
      weight.push(toRoot[k]!);
    }
  }
  const contracted = graphFromEdges(free.length, Int32Array.from(from), Int32Array.from(to), Float64Array.from(weight), `${graph.name}/sub`);
  return { graph: contracted, constant, free: Int32Array.from(free) };
}

/**
 * Exact MAXCUT by branch and bound with certified SDP bounds, for graphs beyond enumeration
 * (n ≈ 60 dense). Vertex 0 is fixed to +1; a node fixes more vertices, contracts them (see
 * above) and bounds the rest by the Goemans–Williamson SDP of the contracted graph, solved by
 * the mixing method (warm-started from the parent) and certified by the dual bound with a
 * Cholesky check. A node is pruned when its bound cannot beat the incumbent (for integer
 * weights: ⌊bound⌋ ≤ incumbent). Branching picks the free vertex whose SDP vector is least
 * aligned with the fixed group's (|X₀ⱼ| smallest) and explores the side it suggests first;
 * small subproblems are enumerated by Gray code. Each node's SDP vectors are also rounded
 * (sign of the projection on v₀, then 1-flip) to improve the incumbent.
 *
 * @param graph - the graph
 * @param options - incumbent, node/time budgets, enumeration threshold (16), key
 * @returns the best cut, whether it is proven optimal, node count and the root bound
 * @example
 * const exact = branchAndBound(g05_60_0, { incumbent: heuristic.sides });
 * exact.proven && exact.cut; // 536
 * @see Rendl, Rinaldi & Wiegele (2010), "Solving Max-Cut to optimality by intersecting
 *   semidefinite and polyhedral relaxations" (Biq Mac), for the SDP branch-and-bound scheme.
 */
export function branchAndBound(graph: Graph, options: BranchAndBoundOptions = {}): BranchAndBoundResult {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const key = options.key ?? keyFromSeed(0);
  const maxNodes = options.maxNodes ?? 1_000_000;
  const maxSeconds = options.maxSeconds ?? Infinity;
  const enumerateBelow = options.enumerateBelow ?? 16;
  const slack = graph.integerWeights ? 1 - 1e-6 : 1e-9;

  let bestSides: Sides = options.incumbent?.slice() ?? new Int8Array(graph.n).fill(1);
  let best = cutValue(graph, bestSides);
  const offer = (sides: Sides): void => {
    const polished = oneFlip(graph, sides);
    if (polished.cut > best) {
      best = polished.cut;
      bestSides = polished.sides;
    }
  };

  const rootFixed = new Int8Array(graph.n);
  rootFixed[0] = 1;
  const stack: Node[] = [{ fixed: rootFixed, warm: undefined }];
  let nodes = 0;
  let unverifiedNodes = 0;
  let rootBound = NaN;
  let rank = 0;
  while (stack.length > 0) {
    if (nodes >= maxNodes || elapsed() >= maxSeconds || options.signal?.aborted === true) {
      return { cut: best, sides: bestSides, proven: false, nodes, rootBound, unverifiedNodes, seconds: elapsed() };
    }
    const node = stack.pop()!;
    nodes += 1;
    const sub = contract(graph, node.fixed);
    const freeCount = sub.graph.n - 1;
    if (freeCount <= enumerateBelow) {
      const exact = maxcutByEnumeration(sub.graph);
      const sides = node.fixed.slice();
      const s0 = exact.sides[0]!;
      for (let k = 1; k < sub.graph.n; k++) sides[sub.free[k]!] = (exact.sides[k]! * s0);
      if (exact.cut + sub.constant > best) {
        best = cutValue(graph, sides);
        bestSides = sides;
      }
      if (nodes === 1) rootBound = best;
      continue;
    }
    if (rank === 0) rank = Math.max(2, Math.ceil(Math.sqrt(2 * sub.graph.n)));
    let start: Float64Array | undefined;
    if (node.warm !== undefined) {
      start = new Float64Array(sub.graph.n * rank);
      for (let k = 0; k < sub.graph.n; k++) {
        const original = k === 0 ? 0 : sub.free[k]!;
        start.set(node.warm.subarray(original * rank, original * rank + rank), k * rank);
      }
    }
    // Solve in chunks and certify after each: any V gives a valid bound, so a node is pruned
    // as soon as its bound drops below the incumbent, long before the SDP converges. One thread:
    // the solves are many and short, so starting worker threads for each would cost more.
    let sdp = solveSdp(sub.graph, { rank, tolerance: 1e-7, maxSweeps: 25, threads: 1, key: foldIn(key, nodes), ...(start === undefined ? {} : { start }) });
    let bound = certifyUpperBound(sub.graph, sdp, { key: foldIn(key, -nodes) });
    for (let sweeps = 25; !sdp.converged && sweeps < 400 && bound.value + sub.constant >= best + slack; sweeps += 25) {
      sdp = solveSdp(sub.graph, { rank, tolerance: 1e-7, maxSweeps: 25, threads: 1, start: sdp.vectors });
      const next = certifyUpperBound(sub.graph, sdp, { key: foldIn(key, -nodes) });
      if (next.value < bound.value || !bound.verified) bound = next;
    }
    if (!bound.verified) unverifiedNodes += 1;
    const total = bound.value + sub.constant;
    if (nodes === 1) rootBound = total;
    // round: sign of each free vertex's projection on the fixed group's vector
    const projection = new Float64Array(sub.graph.n);
    for (let k = 0; k < sub.graph.n; k++) {
      let dot = 0;
      for (let t = 0; t < rank; t++) dot += sdp.vectors[k * rank + t]! * sdp.vectors[t]!;
      projection[k] = dot;
    }
    const guess = node.fixed.slice();
    const rounded = signSides(projection);
    for (let k = 1; k < sub.graph.n; k++) guess[sub.free[k]!] = rounded[k]!;
    offer(guess);
    if (total < best + slack) continue;
    // branch on the most decided free vertex
    let pick = 1;
    const decided = options.branching === 'decided';
    for (let k = 2; k < sub.graph.n; k++) {
      const better = decided ? Math.abs(projection[k]!) > Math.abs(projection[pick]!) : Math.abs(projection[k]!) < Math.abs(projection[pick]!);
      if (better) pick = k;
    }
    const vertex = sub.free[pick]!;
    const preferred = projection[pick]! >= 0 ? 1 : -1;
    // map the vectors back to original indices for the children's warm start
    const warm = new Float64Array(graph.n * rank);
    for (let k = 0; k < sub.graph.n; k++) {
      const original = k === 0 ? 0 : sub.free[k]!;
      warm.set(sdp.vectors.subarray(k * rank, k * rank + rank), original * rank);
    }
    for (const side of [-preferred, preferred]) {
      const fixed = node.fixed.slice();
      fixed[vertex] = side;
      stack.push({ fixed, warm });
    }
  }
  return { cut: best, sides: bestSides, proven: unverifiedNodes === 0, nodes, rootBound, unverifiedNodes, seconds: elapsed() };
}
