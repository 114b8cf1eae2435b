import { keyFromSeed, sampleNormal, type RandomKey } from '@derand/core';

/** y ← S x for a symmetric operator S of size n. */
export type SymmetricOperator = (x: Float64Array, y: Float64Array) => void;

export interface SmallestEigenvalue {
  /** The smallest Ritz value θ (an upper estimate of λ_min). */
  readonly value: number;
  /** ‖S u − θ u‖ for the Ritz vector u: some eigenvalue lies within it of θ. */
  readonly residual: number;
  readonly iterations: number;
  /** The Ritz vector u (unit norm). */
  readonly vector: Float64Array;
}

/**
 * Smallest eigenvalue of a tridiagonal matrix (diagonal `alpha`, off-diagonal `beta`) by
 * Sturm-sequence bisection on the Gershgorin interval.
 */
export function tridiagonalSmallest(alpha: Float64Array, beta: Float64Array, k: number): number {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < k; i++) {
    const radius = (i > 0 ? Math.abs(beta[i - 1]!) : 0) + (i < k - 1 ? Math.abs(beta[i]!) : 0);
    low = Math.min(low, alpha[i]! - radius);
    high = Math.max(high, alpha[i]! + radius);
  }
  // count(x) = number of eigenvalues < x
  const count = (x: number): number => {
    let c = 0;
    let d = 1;
    for (let i = 0; i < k; i++) {
      const b2 = i > 0 ? beta[i - 1]! * beta[i - 1]! : 0;
      d = alpha[i]! - x - (i > 0 ? b2 / d : 0);
      if (d === 0) d = -1e-300;
      if (d < 0) c += 1;
    }
    return c;
  };
  for (let it = 0; it < 200 && high - low > 1e-15 * Math.max(1, Math.abs(low), Math.abs(high)); it++) {
    const mid = (low + high) / 2;
    if (count(mid) >= 1) high = mid;
    else low = mid;
  }
  return (low + high) / 2;
}

/** Eigenvector of the tridiagonal matrix for eigenvalue ≈ θ, by inverse iteration. */
function tridiagonalVector(alpha: Float64Array, beta: Float64Array, k: number, theta: number): Float64Array {
  const shift = theta - 1e-10 * Math.max(1, Math.abs(theta));
  let x = new Float64Array(k).fill(1 / Math.sqrt(k));
  const c = new Float64Array(k);
  const d = new Float64Array(k);
  for (let sweep = 0; sweep < 3; sweep++) {
    // Thomas algorithm for (T − shift I) y = x
    const y = new Float64Array(k);
    let prev = alpha[0]! - shift;
    d[0] = prev === 0 ? 1e-300 : prev;
    c[0] = x[0]!;
    for (let i = 1; i < k; i++) {
      const factor = beta[i - 1]! / d[i - 1]!;
      prev = alpha[i]! - shift - factor * beta[i - 1]!;
      d[i] = prev === 0 ? 1e-300 : prev;
      c[i] = x[i]! - factor * c[i - 1]!;
    }
    y[k - 1] = c[k - 1]! / d[k - 1]!;
    for (let i = k - 2; i >= 0; i--) y[i] = (c[i]! - beta[i]! * y[i + 1]!) / d[i]!;
    let norm = 0;
    for (let i = 0; i < k; i++) norm += y[i]! * y[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < k; i++) y[i]! /= norm;
    x = y;
  }
  return x;
}

export interface LanczosOptions {
  /** Most Krylov steps (default min(n, 300)). */
  readonly maxIterations?: number;
  /** Stop when the Ritz residual is below this (default 1e-9 times the operator scale). */
  readonly tolerance?: number;
  readonly key?: RandomKey;
}

/**
 * The smallest eigenvalue of a symmetric operator by the Lanczos method with full
 * reorthogonalisation, returning the Ritz pair and its residual norm.
 *
 * Lanczos builds an orthonormal Krylov basis Q_k with Qᵀ S Q = T (tridiagonal); the smallest
 * eigenvalue θ of T with eigenvector s gives the Ritz vector u = Q s with
 * ‖S u − θ u‖ = |β_k s_k|. θ ≥ λ_min(S) always (interlacing), so a rigorous lower bound needs
 * a further check (see {@link certifyUpperBound}).
 *
 * @param apply - y ← S x
 * @param n - size
 * @param options - maxIterations (min(n, 300)), tolerance, key for the start vector
 * @see Golub & Van Loan, Matrix Computations, §10.1.
 */
export function lanczosSmallest(apply: SymmetricOperator, n: number, options: LanczosOptions = {}): SmallestEigenvalue {
  const maxIterations = Math.min(n, options.maxIterations ?? 300);
  const basis: Float64Array[] = [];
  const alpha = new Float64Array(maxIterations);
  const beta = new Float64Array(maxIterations);
  let q = sampleNormal(options.key ?? keyFromSeed(7), n);
  let norm = Math.sqrt(q.reduce((s, v) => s + v * v, 0));
  for (let i = 0; i < n; i++) q[i]! /= norm;
  const w = new Float64Array(n);
  let theta = 0;
  let residual = Infinity;
  let k = 0;
  let scale = 0;
  for (; k < maxIterations; k++) {
    basis.push(q);
    apply(q, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += q[i]! * w[i]!;
    alpha[k] = a;
    // full reorthogonalisation (twice is enough)
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += b[i]! * w[i]!;
        for (let i = 0; i < n; i++) w[i]! -= dot * b[i]!;
      }
    }
    norm = Math.sqrt(w.reduce((s, v) => s + v * v, 0));
    beta[k] = norm;
    scale = Math.max(scale, Math.abs(a) + norm);
    const last = k === maxIterations - 1 || norm <= 1e-14 * Math.max(1, scale);
    if (last || k % 10 === 9) {
      theta = tridiagonalSmallest(alpha, beta, k + 1);
      const s = tridiagonalVector(alpha, beta, k + 1, theta);
      residual = Math.abs(norm * s[k]!);
      const tolerance = options.tolerance ?? 1e-9 * Math.max(1, scale);
      if (last || residual <= tolerance) {
        const vector = new Float64Array(n);
        for (let j = 0; j <= k; j++) for (let i = 0; i < n; i++) vector[i]! += s[j]! * basis[j]![i]!;
        return { value: theta, residual, iterations: k + 1, vector };
      }
    }
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = w[i]! / norm;
    q = next;
  }
  /* c8 ignore next */
  return { value: theta, residual, iterations: k, vector: new Float64Array(n) };
}
