import { svd as singularValues } from '@derand/core/linalg';

/** How far the first-layer weights are from the teacher subspace span(U). */
export interface SubspaceMetrics {
  /** ‖W‖_F. */
  readonly normW: number;
  /** ‖W⊥‖_F = ‖W(I − UᵀU)‖_F, the quantity Theorem 4.1 bounds. */
  readonly normWperp: number;
  /** ‖W⊥‖_F / ‖W‖_F. */
  readonly relWperp: number;
  /** 1 − ‖WUᵀ‖²_F/‖W‖²_F = ‖W⊥‖²_F/‖W‖²_F: the share of weight energy outside span(U). */
  readonly orthFraction: number;
  /**
   * Principal angles (degrees, ascending) between span(U) and the span of W's top-k right
   * singular vectors (its best rank-k row space). All 0 when W's rank-k structure is span(U).
   */
  readonly principalAnglesDeg: number[];
  /** Singular values of W, descending. */
  readonly singularValues: number[];
  /** exp(entropy of σ/Σσ) (Roy & Vetterli 2007): between 1 and rank(W). */
  readonly effectiveRank: number;
  /** ‖W‖²_F / σ₁². */
  readonly stableRank: number;
}

/**
 * Principal angles (degrees, ascending) between span(U) (k orthonormal rows in R^d) and the span
 * of the first `kk` columns of V (d × d, orthonormal columns): cosines are the singular values
 * of U V_k, sines those of (I − UᵀU) V_k; small angles come from the sines and large ones from
 * the cosines, so both ends keep full precision (acos alone loses half the digits near 0).
 *
 * @example principalAngles(U, 2, V, 20, 2); // two angles in degrees
 * @see Knyazev & Argentati, "Principal angles between subspaces in an A-based scalar product", SIAM J. Sci. Comput. 2002.
 */
export function principalAngles(u: ArrayLike<number>, k: number, v: ArrayLike<number>, d: number, kk: number): number[] {
  const m = new Float64Array(k * kk);
  const residual = new Float64Array(d * kk);
  for (let j = 0; j < kk; j++) {
    for (let i = 0; i < k; i++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += (u[i * d + c] ?? 0) * (v[c * d + j] ?? 0);
      m[i * kk + j] = dot;
    }
    for (let c = 0; c < d; c++) {
      let parallel = 0;
      for (let i = 0; i < k; i++) parallel += m[i * kk + j]! * (u[i * d + c] ?? 0);
      residual[c * kk + j] = (v[c * d + j] ?? 0) - parallel;
    }
  }
  const count = Math.min(k, kk);
  const cosines = Array.from(singularValues(m, k, kk).values).slice(0, count); // descending
  const sines = Array.from(singularValues(residual, d, kk).values).reverse().slice(0, count); // ascending
  const degrees = 180 / Math.PI;
  return cosines.map((cos, i) => {
    const sin = sines[i] ?? 0;
    return (sin * sin < 0.5 ? Math.asin(Math.min(1, sin)) : Math.acos(Math.min(1, Math.max(-1, cos)))) * degrees;
  });
}

/**
 * Subspace metrics of W ∈ R^{h×d} (rows = neurons) against U ∈ R^{k×d} (orthonormal rows), in
 * float64 on the host. ‖W⊥‖ is computed from W⊥ itself, not as a difference of norms, so it
 * keeps full relative accuracy when W⊥ is tiny.
 *
 * @param w W, row-major h×d.
 * @param u U, row-major k×d, orthonormal rows.
 * @example const m = subspaceMetrics(W, 1000, 2, U, 1); m.orthFraction;
 * @see Tsikouras et al., ICLR 2026, Theorem 4.1 (‖W⊥‖_F at a ρ-SOSP); Roy & Vetterli, "The effective rank", EUSIPCO 2007.
 */
export function subspaceMetrics(w: ArrayLike<number>, h: number, d: number, u: ArrayLike<number>, k: number): SubspaceMetrics {
  let normW2 = 0;
  let perp2 = 0;
  const projection = new Float64Array(k);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += (w[i * d + c] ?? 0) * (u[j * d + c] ?? 0);
      projection[j] = dot;
    }
    for (let c = 0; c < d; c++) {
      const value = w[i * d + c] ?? 0;
      let parallel = 0;
      for (let j = 0; j < k; j++) parallel += projection[j]! * (u[j * d + c] ?? 0);
      normW2 += value * value;
      perp2 += (value - parallel) ** 2;
    }
  }
  const svd = singularValues(w, h, d);
  const sigma = Array.from(svd.values);
  const total = sigma.reduce((a, b) => a + b, 0);
  let entropy = 0;
  for (const s of sigma) if (s > 0) entropy -= (s / total) * Math.log(s / total);
  const angles = principalAngles(u, k, svd.rightVectors, d, Math.min(k, d));
  const normW = Math.sqrt(normW2);
  const normWperp = Math.sqrt(perp2);
  return {
    normW,
    normWperp,
    relWperp: normW > 0 ? normWperp / normW : 0,
    orthFraction: normW2 > 0 ? perp2 / normW2 : 0,
    principalAnglesDeg: angles,
    singularValues: sigma,
    effectiveRank: total > 0 ? Math.exp(entropy) : 0,
    stableRank: (sigma[0] ?? 0) > 0 ? normW2 / sigma[0]! ** 2 : 0,
  };
}
