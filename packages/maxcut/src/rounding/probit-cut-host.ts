import type { Graph } from '../graph/graph.js';
import { normalCdf, normalPdf, sameSideIntegral } from './normal-distribution.js';

const RHO_LIMIT = 0.9999;
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
 * @returns E
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
): number {
  const { n, m, from, to } = graph;
  const s = new Float64Array(n);
  const a = new Float64Array(n);
  const pdfA = new Float64Array(n);
  const cdfA = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let t = 0; t < rank; t++) sq += V[i * rank + t]! ** 2;
    s[i] = Math.sqrt(sq + tau * tau);
    a[i] = mu[i]! / s[i]!;
    pdfA[i] = normalPdf(a[i]!);
    cdfA[i] = normalCdf(a[i]!);
  }
  gradV.fill(0);
  const gradA = new Float64Array(n);
  const gradS = new Float64Array(n);
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
    const pi = cdfA[i]!;
    const pj = cdfA[j]!;
    value += w * (pi * pj + (1 - pi) * (1 - pj) + sameSideIntegral(ai, aj, r));
    const oneMinus = 1 - r * r;
    const root = Math.sqrt(oneMinus);
    const pa = pdfA[i]! * (2 * normalCdf((aj - r * ai) / root) - 1);
    const pb = pdfA[j]! * (2 * normalCdf((ai - r * aj) / root) - 1);
    const prho = (INV_PI / root) * Math.exp(-(ai * ai - 2 * r * ai * aj + aj * aj) / (2 * oneMinus));
    gradA[i]! += w * pa;
    gradA[j]! += w * pb;
    const gRho = w * prho;
    const gDot = gRho / (s[i]! * s[j]!);
    gradS[i]! -= (gRho * r) / s[i]!;
    gradS[j]! -= (gRho * r) / s[j]!;
    for (let t = 0; t < rank; t++) {
      gradV[bi + t]! += gDot * V[bj + t]!;
      gradV[bj + t]! += gDot * V[bi + t]!;
    }
  }
  for (let i = 0; i < n; i++) {
    gradMu[i] = gradA[i]! / s[i]!;
    const gS = gradS[i]! - (gradA[i]! * a[i]!) / s[i]!;
    const factor = gS / s[i]!; // ∂s_i/∂v_i = v_i/s_i
    const bi = i * rank;
    for (let t = 0; t < rank; t++) gradV[bi + t]! += factor * V[bi + t]!;
  }
  return value;
}
