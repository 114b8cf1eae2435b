import type { Graph } from '../graph/graph.js';
import { csrEdges, edgePass, gatherPass, hostPassArrays, sumValue, vertexPass } from './host-pass-kernels.js';

/**
 * E(V, μ) = Σ_e ω_e P(a_i, a_j; ρ_ij) and its exact gradient in three passes ({@link vertexPass},
 * {@link edgePass}, {@link gatherPass}: vertices, edges, then each vertex gathers its edges), in
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
  const x = hostPassArrays(graph, csrEdges(graph), weights, rank, tau, { V, mu, gradV, gradMu });
  vertexPass(x, 0, graph.n, withValue);
  edgePass(x, 0, graph.m, withValue);
  gatherPass(x, 0, graph.n);
  return withValue ? sumValue(x) : NaN;
}
