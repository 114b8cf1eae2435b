import type { Graph } from '../graph/graph.js';
import { normalCdf, normalPdf, sameSideIntegral } from './normal-distribution.js';

const RHO_LIMIT = 0.9999;
/**
 * Terms below this are set to 0: once μ has settled and V collapsed, |a| = |μ|/s grows large and
 * the densities underflow towards float64 subnormals, whose arithmetic is many times slower (a
 * step on a 20 000-vertex torus went from 16 to 31 ms). Their contributions are far below what
 * the float32 gradient resolves.
 */
const NEGLIGIBLE = 1e-250;
const flush = (x: number): number => (Math.abs(x) < NEGLIGIBLE ? 0 : x);
const INV_PI = 1 / Math.PI;

/**
 * E(V, μ) = Σ_e ω_e P(a_i, a_j; ρ_ij) and its exact gradient in one pass over the edges, in
 * float64 on typed arrays (ω_e = w_e/d̄, a_i = μ_i/s_i, s_i² = ‖v_i‖² + τ², ρ_ij = v_i·v_j/(s_i s_j),
 * P the bivariate-normal same-side probability).
 *
 * Chain rule, per edge, with P_a = φ(a_i)(2Φ((a_j − ρa_i)/√(1−ρ²)) − 1), P_b symmetric and
 * P_ρ = 2φ₂(a_i, a_j; ρ): ∂/∂(v_i·v_j) = ω P_ρ/(s_i s_j); ∂/∂s_i gets −ω P_ρ ρ/s_i − ω P_a a_i/s_i;
 * ∂/∂μ_i = ω P_a/s_i; finally ∂/∂v_i += (∂/∂s_i)·v_i/s_i.
 *
 * @param graph - the graph
 * @param weights - ω_e per edge (already normalised)
 * @param V - n × rank, row-major
 * @param mu - n
 * @param tau - τ
 * @param gradV - output ∂E/∂V (n × rank), overwritten
 * @param gradMu - output ∂E/∂μ (n), overwritten
 * @param withValue - compute E (default true); the gradient does not need the value's
 *   quadrature, so a training step that reads no value skips it (NaN is returned then)
 * @returns E, or NaN without `withValue`
 */
export function probitCutValueAndGradient(
  graph: Graph,
  weights: Float64Array,
  V: ArrayLike<number>,
  rank: number,
  mu: ArrayLike<number>,
  tau: number,
  gradV: Float64Array,
  gradMu: Float64Array,
  withValue = true,
): number {
  const { n, m, from, to, offsets, neighbors } = graph;
  const edgeOf = csrEdges(graph);
  const s = new Float64Array(n);
  const a = new Float64Array(n);
  const pdfA = new Float64Array(n);
  const cdfA = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let t = 0; t < rank; t++) sq += V[i * rank + t]! ** 2;
    s[i] = Math.sqrt(sq + tau * tau);
    a[i] = mu[i]! / s[i]!;
    pdfA[i] = flush(normalPdf(a[i]!));
    if (withValue) cdfA[i] = normalCdf(a[i]!);
  }
  const gradA = new Float64Array(n);
  const gradS = new Float64Array(n);
  // ∂E/∂(v_i·v_j) per edge; the rows of ∂E/∂V are gathered from it below
  const gradDot = new Float64Array(m);
  let value = 0;
  for (let e = 0; e < m; e++) {
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
      value += w * (pi * pj + (1 - pi) * (1 - pj) + sameSideIntegral(ai, aj, r));
    }
    const oneMinus = 1 - r * r;
    const root = Math.sqrt(oneMinus);
    const pa = pdfA[i]! * (2 * normalCdf((aj - r * ai) / root) - 1);
    const pb = pdfA[j]! * (2 * normalCdf((ai - r * aj) / root) - 1);
    const prho = flush((INV_PI / root) * Math.exp(-(ai * ai - 2 * r * ai * aj + aj * aj) / (2 * oneMinus)));
    gradA[i]! += w * pa;
    gradA[j]! += w * pb;
    const gRho = w * prho;
    gradDot[e] = gRho / (s[i]! * s[j]!);
    gradS[i]! -= (gRho * r) / s[i]!;
    gradS[j]! -= (gRho * r) / s[j]!;
  }
  // ∂E/∂v_i = Σ_{e = (i, j)} gradDot_e v_j (in edge order) + (∂E/∂s_i) v_i/s_i: a row-wise sparse
  // product over the CSR rows, four neighbours per pass over the row
  for (let i = 0; i < n; i++) {
    gradMu[i] = gradA[i]! / s[i]!;
    const gS = gradS[i]! - (gradA[i]! * a[i]!) / s[i]!;
    const factor = flush(gS / s[i]!); // ∂s_i/∂v_i = v_i/s_i
    const bi = i * rank;
    for (let t = 0; t < rank; t++) gradV[bi + t] = 0;
    let k = offsets[i]!;
    const stop = offsets[i + 1]!;
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
  return withValue ? value : NaN;
}

const edgeIndexCache = new WeakMap<Graph, Int32Array>();

/**
 * The edge index of every CSR entry (`neighbors[k]` is the other end of edge `csrEdges(graph)[k]`),
 * filled as the graph fills its CSR rows, so each row lists its edges in increasing index.
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
