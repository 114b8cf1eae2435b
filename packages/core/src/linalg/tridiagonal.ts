/**
 * The eigenvalues of a symmetric tridiagonal matrix T (diagonal `alpha`, off-diagonal `beta`,
 * first k entries) below x: the number of negative pivots of T − xI (Sturm sequence).
 */
function countBelow(alpha: ArrayLike<number>, beta: ArrayLike<number>, k: number, x: number): number {
  let count = 0;
  let d = 1;
  for (let i = 0; i < k; i++) {
    const b2 = i > 0 ? beta[i - 1]! * beta[i - 1]! : 0;
    d = alpha[i]! - x - (i > 0 ? b2 / d : 0);
    if (d === 0) d = -1e-300;
    if (d < 0) count += 1;
  }
  return count;
}

/**
 * The j-th smallest eigenvalue (0-based) of a symmetric tridiagonal matrix by Sturm-sequence
 * bisection on its Gershgorin interval, to relative accuracy 1e-15.
 *
 * @example tridiagonalEigenvalue(Float64Array.of(2, 2), Float64Array.of(-1), 2, 0); // 1
 * @see Golub & Van Loan, Matrix Computations, §8.4.1.
 */
export function tridiagonalEigenvalue(alpha: ArrayLike<number>, beta: ArrayLike<number>, k: number, j: number): number {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < k; i++) {
    const radius = (i > 0 ? Math.abs(beta[i - 1]!) : 0) + (i < k - 1 ? Math.abs(beta[i]!) : 0);
    low = Math.min(low, alpha[i]! - radius);
    high = Math.max(high, alpha[i]! + radius);
  }
  for (let it = 0; it < 200 && high - low > 1e-15 * Math.max(1, Math.abs(low), Math.abs(high)); it++) {
    const mid = (low + high) / 2;
    if (countBelow(alpha, beta, k, mid) >= j + 1) high = mid;
    else low = mid;
  }
  return (low + high) / 2;
}

/**
 * A unit eigenvector of a symmetric tridiagonal matrix for the eigenvalue ≈ θ, by three steps
 * of inverse iteration with a slightly shifted θ (the Thomas algorithm solves each step).
 *
 * @example const s = tridiagonalEigenvector(alpha, beta, k, theta);
 */
export function tridiagonalEigenvector(alpha: ArrayLike<number>, beta: ArrayLike<number>, k: number, theta: number): Float64Array {
  const shift = theta - 1e-10 * Math.max(1, Math.abs(theta));
  let x = new Float64Array(k).fill(1 / Math.sqrt(k));
  const c = new Float64Array(k);
  const d = new Float64Array(k);
  for (let sweep = 0; sweep < 3; sweep++) {
    const y = new Float64Array(k);
    let pivot = alpha[0]! - shift;
    d[0] = pivot === 0 ? 1e-300 : pivot;
    c[0] = x[0]!;
    for (let i = 1; i < k; i++) {
      const factor = beta[i - 1]! / d[i - 1]!;
      pivot = alpha[i]! - shift - factor * beta[i - 1]!;
      d[i] = pivot === 0 ? 1e-300 : pivot;
      c[i] = x[i]! - factor * c[i - 1]!;
    }
    y[k - 1] = c[k - 1]! / d[k - 1]!;
    for (let i = k - 2; i >= 0; i--) y[i] = (c[i]! - beta[i]! * y[i + 1]!) / d[i]!;
    let norm = 0;
    for (let i = 0; i < k; i++) norm += y[i]! * y[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < k; i++) y[i] = y[i]! / norm;
    x = y;
  }
  return x;
}
