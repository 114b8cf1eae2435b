import { keyFromSeed, sampleNormal, type RandomKey } from '@derand/core';
import { choleskyBackwardError, isPositiveDefinite, lanczos } from '@derand/core/linalg';
import type { Graph } from '../graph/graph.js';
import type { SdpSolution } from './mixing-method.js';

export interface UpperBoundOptions {
  /** Verify λ_min by a dense Cholesky factorisation when n ≤ this (default 2500; O(n³/3)). */
  readonly verifyLimit?: number;
  readonly key?: RandomKey;
}

/** A dual certificate for the MAXCUT SDP and the upper bound it proves. */
export interface UpperBound {
  /**
   * An upper bound on the SDP optimum, hence on every cut: Σ_i y_i − n·t with t ≤ λ_min(S).
   * For integer weights every cut is also ≤ ⌊upperBound⌋.
   */
  readonly value: number;
  /** Σ_i y_i (equals the SDP value at V by the choice of y). */
  readonly dualSum: number;
  /** The smallest Ritz value θ of S = Diag(y) − L/4 and its residual. */
  readonly ritzValue: number;
  readonly ritzResidual: number;
  /** The shift t used: S − tI ⪰ 0 (verified when `verified`). */
  readonly shift: number;
  /**
   * `'lanczos+cholesky'`: S − tI was factorised, so the bound is rigorous (including a
   * floating-point margin). `'lanczos'`: t comes from the Ritz pair only (n above the limit,
   * or verification failed): an estimate, not a proof.
   */
  readonly method: 'lanczos+cholesky' | 'lanczos';
  readonly verified: boolean;
  readonly lanczosIterations: number;
}

/**
 * Certifies an upper bound on MAXCUT from an SDP solution V by weak duality.
 *
 * Primal: max ¼⟨L, X⟩ s.t. diag X = 1, X ⪰ 0 (L = D − A, the weighted Laplacian).
 * Dual: min Σ y_i s.t. S(y) = Diag(y) − L/4 ⪰ 0. For any y and t ≤ λ_min(S(y)),
 * y − t·1 is dual feasible, so OPT_cut ≤ OPT_SDP ≤ Σ y_i − n·t.
 * With g_i = Σ_j w_ij v_j the choice y_i = (d_i − v_i·g_i)/4 (the KKT multipliers of the
 * low-rank solution) gives Σ y = SDP value at V and S = (A − Diag(v_i·g_i))/4, so the gap
 * to the SDP value is exactly −n·λ_min(S) ≥ 0, zero at an exact optimum.
 *
 * λ_min comes from Lanczos (an upper estimate); it is then proven: S − tI with
 * t = θ − 2·residual − margin is factorised by Cholesky, and t is lowered by the Cholesky
 * backward-error bound. Above `verifyLimit` vertices the Lanczos value is reported unverified.
 *
 * @param graph - the graph the SDP was solved on
 * @param sdp - the SDP solution (unit rows)
 * @param options - verifyLimit (2500), key for the Lanczos start
 * @example
 * const bound = certifyUpperBound(graph, solveSdp(graph));
 * bound.value; // ≥ every cut of graph; bound.verified tells whether it is a proof
 * @see Poljak & Rendl (1995); Burer & Monteiro (2003) for the low-rank dual.
 */
export function certifyUpperBound(graph: Graph, sdp: SdpSolution, options: UpperBoundOptions = {}): UpperBound {
  const { n, offsets, neighbors, neighborWeight } = graph;
  const { rank, vectors } = sdp;
  const c = new Float64Array(n);
  let dualSum = 0;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const w = neighborWeight[k]!;
      const a = i * rank;
      const b = neighbors[k]! * rank;
      let vv = 0;
      for (let t = 0; t < rank; t++) vv += vectors[a + t]! * vectors[b + t]!;
      dot += w * vv;
    }
    c[i] = dot;
    dualSum += (graph.degree[i]! - dot) / 4;
  }
  const apply = (x: Float64Array): Float64Array => {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = -c[i]! * x[i]!;
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) s += neighborWeight[k]! * x[neighbors[k]!]!;
      y[i] = s / 4;
    }
    return y;
  };
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, (Math.abs(c[i]!) + Math.abs(graph.degree[i]!)) / 4);
  const spectrum = lanczos(apply, sampleNormal(options.key ?? keyFromSeed(11), n), { steps: Math.min(n, 300), tolerance: 1e-9 * Math.max(1, scale) });
  const ritz = { value: spectrum.min, residual: spectrum.residual, iterations: spectrum.iterations };
  let margin = 2 * ritz.residual + 1e-12 * Math.max(1, scale);
  const verifyLimit = options.verifyLimit ?? 2500;
  const base = {
    dualSum,
    ritzValue: ritz.value,
    ritzResidual: ritz.residual,
    lanczosIterations: ritz.iterations,
  };
  if (n <= verifyLimit) {
    for (let attempt = 0; attempt < 6; attempt++) {
      const shift = ritz.value - margin;
      const dense = new Float64Array(n * n);
      let maxDiagonal = 0;
      for (let i = 0; i < n; i++) {
        dense[i * n + i] = -c[i]! / 4 - shift;
        maxDiagonal = Math.max(maxDiagonal, Math.abs(dense[i * n + i]!));
        for (let k = offsets[i]!; k < offsets[i + 1]!; k++) dense[i * n + neighbors[k]!]! += neighborWeight[k]! / 4;
      }
      if (isPositiveDefinite(dense, n)) {
        const proven = shift - choleskyBackwardError(n, maxDiagonal);
        return { ...base, value: dualSum - n * Math.min(proven, 0), shift: proven, method: 'lanczos+cholesky', verified: true };
      }
      margin = Math.max(10 * margin, 1e-6 * Math.max(1, scale));
    }
  }
  const shift = ritz.value - 2 * ritz.residual;
  return { ...base, value: dualSum - n * Math.min(shift, 0), shift, method: 'lanczos', verified: false };
}
