/** The derandomization lemma's bound on ‖W‖_F at a ρ-SOSP, and whether it says anything. */
export interface LemmaBound {
  /** The bound on ‖W‖_F, or Infinity when it does not apply. */
  readonly bound: number;
  /** 2λ − √(Kρ) > 0: otherwise the lemma says nothing. */
  readonly applicable: boolean;
  readonly denominator: number;
}

/**
 * The derandomization lemma (paper Lemma 3.1): at a ρ-SOSP of f(W, b, θ) = E_x[g_θ(Wx + b)] +
 * λ‖W‖²_F with x ~ N(0, I_d) and K the Hessian-Lipschitz constant,
 *
 *   ‖W‖_F ≤ ρ / (2λ − √(Kρ))   when 2λ > √(Kρ).
 *
 * Proof sketch, by Stein's identity: ∇_W f = (H̄ + 2λI)W with H̄ = E[∇²g(Wx + b)] = ∇²_b f ⪰ −√(Kρ)I,
 * so ρ ≥ ‖∇_W f‖ ≥ (2λ − √(Kρ))‖W‖_F. The same argument holds entry by entry for a diagonal W.
 * For W = σI (an isotropic sampler, d coordinates) ∂f/∂σ = σ(tr H̄ + 2λd) and tr H̄ ≥ −d√(Kρ), so
 * |σ| ≤ ρ/(d(2λ − √(Kρ))) and ‖W‖_F = √d|σ| ≤ ρ/(√d(2λ − √(Kρ))): a bound √d tighter, in the same
 * ρ and K (those of the σ-parameterised objective).
 *
 * @example lemmaBound({ rho: 1e-6, K: 1.4, lambda: 0.1 }).bound; // ≈ 5.0e-6
 * @see Tsikouras, Pantis, Mitliagkas, Tzamos, ICLR 2026, Lemma 3.1.
 */
export function lemmaBound(options: { readonly rho: number; readonly K: number; readonly lambda: number; readonly factor?: 'full' | 'diagonal' | 'isotropic'; readonly dimension?: number }): LemmaBound {
  const denominator = 2 * options.lambda - Math.sqrt(options.K * options.rho);
  const applicable = denominator > 0;
  const scale = options.factor === 'isotropic' ? Math.sqrt(options.dimension ?? 1) : 1;
  return { bound: applicable ? options.rho / (scale * denominator) : Number.POSITIVE_INFINITY, applicable, denominator };
}
