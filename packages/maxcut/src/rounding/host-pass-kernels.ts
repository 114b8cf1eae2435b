import type { Graph } from '../graph/graph.js';
import { normalCdf, normalPdf, sameSideIntegral } from './normal-distribution.js';

const RHO_LIMIT = 0.9999;
const INV_PI = 1 / Math.PI;
/**
 * Terms below this are set to 0: once μ has settled and V collapsed, |a| = |μ|/s grows large and
 * the densities underflow towards float64 subnormals, whose arithmetic is many times slower (a
 * step on a 20 000-vertex torus went from 16 to 31 ms). Their contributions are far below what
 * the float32 gradient resolves.
 */
const NEGLIGIBLE = 1e-250;
const flush = (x: number): number => (Math.abs(x) < NEGLIGIBLE ? 0 : x);

/**
 * Everything one host pass of the probit objective reads and writes, as flat typed arrays (plain
 * or shared memory alike), so that the three passes below can run on index ranges in any number
 * of threads: each output entry is written by exactly one range and every sum runs in one fixed
 * order, so the result does not depend on how the ranges are split.
 */
export interface HostPassArrays {
  readonly n: number;
  readonly m: number;
  readonly rank: number;
  readonly tau: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
  /** The edge of every CSR entry ({@link csrEdges}). */
  readonly edgeOf: Int32Array;
  /** ω_e (normalised edge weights). */
  readonly weights: Float64Array;
  readonly V: ArrayLike<number>;
  readonly mu: ArrayLike<number>;
  readonly gradV: Float64Array;
  readonly gradMu: Float64Array;
  // per vertex
  readonly s: Float64Array;
  readonly a: Float64Array;
  readonly pdfA: Float64Array;
  readonly cdfA: Float64Array;
  // per edge
  readonly gradDot: Float64Array;
  readonly pullFrom: Float64Array;
  readonly pullTo: Float64Array;
  readonly shrink: Float64Array;
  readonly valueTerm: Float64Array;
}

/** Pass 1, vertices [lo, hi): s_i = √(‖v_i‖² + τ²), a_i = μ_i/s_i, φ(a_i) (and Φ(a_i) for the value). */
export function vertexPass(x: HostPassArrays, lo: number, hi: number, withValue: boolean): void {
  const { rank, tau, V, mu, s, a, pdfA, cdfA } = x;
  for (let i = lo; i < hi; i++) {
    let sq = 0;
    for (let t = 0; t < rank; t++) sq += V[i * rank + t]! ** 2;
    s[i] = Math.sqrt(sq + tau * tau);
    a[i] = mu[i]! / s[i]!;
    pdfA[i] = flush(normalPdf(a[i]!));
    if (withValue) cdfA[i] = normalCdf(a[i]!);
  }
}

/**
 * Pass 2, edges [lo, hi): ρ_ij and the edge's terms: ∂E/∂(v_i·v_j) (`gradDot`), its pulls on a_i
 * and a_j (ω P_a, ω P_b), ω P_ρ ρ for s_i and s_j (`shrink`), and with `withValue` the edge's
 * ω P(a_i, a_j; ρ).
 */
export function edgePass(x: HostPassArrays, lo: number, hi: number, withValue: boolean): void {
  const { rank, from, to, weights, V, s, a, pdfA, cdfA, gradDot, pullFrom, pullTo, shrink, valueTerm } = x;
  for (let e = lo; e < hi; e++) {
    const i = from[e]!;
    const j = to[e]!;
    const w = weights[e]!;
    const bi = i * rank;
    const bj = j * rank;
    let dot = 0;
    for (let t = 0; t < rank; t++) dot += V[bi + t]! * V[bj + t]!;
    const r = Math.max(-RHO_LIMIT, Math.min(RHO_LIMIT, dot / (s[i]! * s[j]!)));
    const ai = a[i]!;
    const aj = a[j]!;
    if (withValue) {
      const pi = cdfA[i]!;
      const pj = cdfA[j]!;
      valueTerm[e] = w * (pi * pj + (1 - pi) * (1 - pj) + sameSideIntegral(ai, aj, r));
    }
    const oneMinus = 1 - r * r;
    const root = Math.sqrt(oneMinus);
    const pa = pdfA[i]! * (2 * normalCdf((aj - r * ai) / root) - 1);
    const pb = pdfA[j]! * (2 * normalCdf((ai - r * aj) / root) - 1);
    const prho = flush((INV_PI / root) * Math.exp(-(ai * ai - 2 * r * ai * aj + aj * aj) / (2 * oneMinus)));
    pullFrom[e] = w * pa;
    pullTo[e] = w * pb;
    const gRho = w * prho;
    gradDot[e] = gRho / (s[i]! * s[j]!);
    shrink[e] = gRho * r;
  }
}

/**
 * Pass 3, vertices [lo, hi): each vertex gathers its edges' terms in edge order (its CSR row) into
 * ∂E/∂a_i and ∂E/∂s_i, then ∂E/∂μ_i = (∂E/∂a_i)/s_i and the row
 * ∂E/∂v_i = Σ_{e = (i, j)} gradDot_e v_j + (∂E/∂s_i − (∂E/∂a_i) a_i/s_i) v_i/s_i,
 * four neighbours per pass over the row.
 */
export function gatherPass(x: HostPassArrays, lo: number, hi: number): void {
  const { rank, from, offsets, neighbors, edgeOf, V, gradV, gradMu, s, a, gradDot, pullFrom, pullTo, shrink } = x;
  for (let i = lo; i < hi; i++) {
    const start = offsets[i]!;
    const stop = offsets[i + 1]!;
    let gradA = 0;
    let gradS = 0;
    for (let k = start; k < stop; k++) {
      const e = edgeOf[k]!;
      gradA += from[e] === i ? pullFrom[e]! : pullTo[e]!;
      gradS -= shrink[e]! / s[i]!;
    }
    gradMu[i] = gradA / s[i]!;
    const factor = flush((gradS - (gradA * a[i]!) / s[i]!) / s[i]!); // ∂s_i/∂v_i = v_i/s_i
    const bi = i * rank;
    for (let t = 0; t < rank; t++) gradV[bi + t] = 0;
    let k = start;
    for (; k + 3 < stop; k += 4) {
      const c0 = gradDot[edgeOf[k]!]!;
      const c1 = gradDot[edgeOf[k + 1]!]!;
      const c2 = gradDot[edgeOf[k + 2]!]!;
      const c3 = gradDot[edgeOf[k + 3]!]!;
      const b0 = neighbors[k]! * rank;
      const b1 = neighbors[k + 1]! * rank;
      const b2 = neighbors[k + 2]! * rank;
      const b3 = neighbors[k + 3]! * rank;
      for (let t = 0; t < rank; t++) gradV[bi + t] = gradV[bi + t]! + c0 * V[b0 + t]! + c1 * V[b1 + t]! + c2 * V[b2 + t]! + c3 * V[b3 + t]!;
    }
    for (; k < stop; k++) {
      const c = gradDot[edgeOf[k]!]!;
      const b = neighbors[k]! * rank;
      for (let t = 0; t < rank; t++) gradV[bi + t]! += c * V[b + t]!;
    }
    for (let t = 0; t < rank; t++) gradV[bi + t]! += factor * V[bi + t]!;
  }
}

/** E = Σ_e ω_e P(a_i, a_j; ρ_ij), summed in edge order (after {@link edgePass} with the value). */
export function sumValue(x: HostPassArrays): number {
  let value = 0;
  for (let e = 0; e < x.m; e++) value += x.valueTerm[e]!;
  return value;
}

const edgeIndexCache = new WeakMap<Graph, Int32Array>();

/**
 * The edge index of every CSR entry (`neighbors[k]` is the other end of edge `csrEdges(graph)[k]`),
 * filled as the graph fills its CSR rows, so each row lists its edges in increasing index.
 *
 * @throws RangeError when the graph's CSR rows are not in edge order (a graph not from buildGraph)
 */
export function csrEdges(graph: Graph): Int32Array {
  const cached = edgeIndexCache.get(graph);
  if (cached !== undefined) return cached;
  const { n, m, from, to, offsets } = graph;
  const fill = offsets.slice(0, n);
  const edges = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const i = from[e]!;
    const j = to[e]!;
    if (graph.neighbors[fill[i]!] !== j || graph.neighbors[fill[j]!] !== i) {
      throw new RangeError(`Graph '${graph.name}': its CSR rows are not in edge order at edge ${e} (${i}, ${j}); build graphs with buildGraph.`);
    }
    edges[fill[i]!++] = e;
    edges[fill[j]!++] = e;
  }
  edgeIndexCache.set(graph, edges);
  return edges;
}

/** Bytes of the per-vertex and per-edge work arrays of {@link hostPassArrays} (for one shared buffer). */
export function workBytes(n: number, m: number): number {
  return 8 * (4 * n + 5 * m);
}

/**
 * The arrays of one host pass over `graph`: its index arrays and the work arrays, the latter in
 * `work` (a buffer of at least {@link workBytes} bytes, e.g. shared with worker threads) or fresh.
 */
export function hostPassArrays(
  graph: { n: number; m: number; from: Int32Array; to: Int32Array; offsets: Int32Array; neighbors: Int32Array },
  edgeOf: Int32Array,
  weights: Float64Array,
  rank: number,
  tau: number,
  state: { V: ArrayLike<number>; mu: ArrayLike<number>; gradV: Float64Array; gradMu: Float64Array },
  work: ArrayBufferLike = new ArrayBuffer(workBytes(graph.n, graph.m)),
): HostPassArrays {
  const { n, m } = graph;
  let offset = 0;
  const take = (length: number): Float64Array => {
    const view = new Float64Array(work, offset, length);
    offset += 8 * length;
    return view;
  };
  return {
    n,
    m,
    rank,
    tau,
    from: graph.from,
    to: graph.to,
    offsets: graph.offsets,
    neighbors: graph.neighbors,
    edgeOf,
    weights,
    ...state,
    s: take(n),
    a: take(n),
    pdfA: take(n),
    cdfA: take(n),
    gradDot: take(m),
    pullFrom: take(m),
    pullTo: take(m),
    shrink: take(m),
    valueTerm: take(m),
  };
}
