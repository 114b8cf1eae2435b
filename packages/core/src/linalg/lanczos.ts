import { dot } from './dense.js';
import { tridiagonalEigenvalue, tridiagonalEigenvector } from './tridiagonal.js';

/** The extreme Ritz values of a symmetric operator and the Ritz pair of the smallest. */
export interface LanczosResult {
  /** The smallest Ritz value θ: an upper estimate of λ_min (interlacing). */
  readonly min: number;
  /** The largest Ritz value: a lower estimate of λ_max. */
  readonly max: number;
  /** The unit Ritz vector of `min`. */
  readonly minVector: Float64Array;
  /** ‖A u − θ u‖ for that Ritz pair, computed with one more product: some eigenvalue lies within it of θ. */
  readonly residual: number;
  readonly iterations: number;
}

export interface LanczosOptions {
  /** Most Krylov steps (capped at n). */
  readonly steps: number;
  /**
   * Stop early once the smallest Ritz pair's residual |β_j s_j| is below this (checked every
   * `checkEvery` steps); absent: run every step (until the Krylov space is exhausted).
   */
  readonly tolerance?: number;
  readonly checkEvery?: number;
}

/**
 * Extreme eigenvalues of a symmetric operator from matrix–vector products, by the Lanczos method
 * with full reorthogonalisation (twice), in float64 on the host: an orthonormal Krylov basis Q
 * with QᵀAQ = T tridiagonal, whose extreme eigenvalues (Sturm bisection) converge first to the
 * ends of the spectrum. The second-order certificate (λ_min of a Hessian), Hessian descent and
 * the MAXCUT dual bound use it.
 *
 * @param apply - v ↦ A v (a new array).
 * @param start - start vector (normalised here).
 * @example const { min, residual } = lanczos((v) => multiply(a, v), start, { steps: 60 });
 * @see Golub & Van Loan, Matrix Computations, §10.1; Parlett, The Symmetric Eigenvalue Problem, ch. 13.
 */
export function lanczos(apply: (v: Float64Array) => Float64Array, start: ArrayLike<number>, options: LanczosOptions): LanczosResult {
  const n = start.length;
  const maxSteps = Math.min(options.steps, n);
  const checkEvery = options.checkEvery ?? 10;
  const basis: Float64Array[] = [];
  const alpha = new Float64Array(maxSteps);
  const beta = new Float64Array(maxSteps);
  let q = Float64Array.from(start);
  const norm0 = Math.sqrt(dot(q, q));
  for (let i = 0; i < n; i++) q[i] = q[i]! / norm0;
  let k = 0;
  let scale = 0;
  for (let j = 0; j < maxSteps; j++) {
    basis.push(q);
    const w = apply(q);
    alpha[j] = dot(w, q);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const c = dot(w, b);
        for (let i = 0; i < n; i++) w[i] = w[i]! - c * b[i]!;
      }
    }
    const norm = Math.sqrt(dot(w, w));
    beta[j] = norm;
    k = j + 1;
    scale = Math.max(scale, Math.abs(alpha[j]!) + norm);
    if (j === maxSteps - 1 || norm <= 1e-14 * Math.max(1, scale)) break;
    if (options.tolerance !== undefined && k % checkEvery === 0) {
      const theta = tridiagonalEigenvalue(alpha, beta, k, 0);
      const s = tridiagonalEigenvector(alpha, beta, k, theta);
      if (Math.abs(norm * s[k - 1]!) <= options.tolerance) break;
    }
    q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = w[i]! / norm;
  }
  const min = tridiagonalEigenvalue(alpha, beta, k, 0);
  const max = tridiagonalEigenvalue(alpha, beta, k, k - 1);
  const s = tridiagonalEigenvector(alpha, beta, k, min);
  const minVector = new Float64Array(n);
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) minVector[i] = minVector[i]! + s[j]! * basis[j]![i]!;
  const vNorm = Math.sqrt(dot(minVector, minVector));
  for (let i = 0; i < n; i++) minVector[i] = minVector[i]! / vNorm;
  const av = apply(minVector);
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (av[i]! - min * minVector[i]!) ** 2;
  return { min, max, minVector, residual: Math.sqrt(residual), iterations: k };
}
