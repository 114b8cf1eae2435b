/**
 * Whether the dense symmetric matrix M (row-major n × n, lower triangle read) is positive
 * definite, by an in-place Cholesky factorisation M = L Lᵀ (left-looking, row-oriented so
 * that every inner product runs over contiguous rows). The matrix is overwritten.
 *
 * Floating point: when every pivot stays positive, M + E is positive definite for a
 * perturbation ‖E‖₂ ≤ {@link choleskyBackwardError}(n, max_i M_ii) (Demmel 1989), so a caller
 * that subtracts that margin gets a rigorous statement.
 *
 * @returns true when all n pivots are positive
 * @see Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Thm 10.5 and §10.3.
 */
export function isPositiveDefinite(matrix: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diagonal = matrix[rowJ + j]!;
    for (let k = 0; k < j; k++) diagonal -= matrix[rowJ + k]! * matrix[rowJ + k]!;
    if (!(diagonal > 0)) return false;
    const pivot = Math.sqrt(diagonal);
    matrix[rowJ + j] = pivot;
    const inverse = 1 / pivot;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = matrix[rowI + j]!;
      let k = 0;
      // four accumulators: independent dependency chains for the JIT
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (; k + 3 < j; k += 4) {
        s0 += matrix[rowI + k]! * matrix[rowJ + k]!;
        s1 += matrix[rowI + k + 1]! * matrix[rowJ + k + 1]!;
        s2 += matrix[rowI + k + 2]! * matrix[rowJ + k + 2]!;
        s3 += matrix[rowI + k + 3]! * matrix[rowJ + k + 3]!;
      }
      for (; k < j; k++) s0 += matrix[rowI + k]! * matrix[rowJ + k]!;
      sum -= s0 + s1 + s2 + s3;
      matrix[rowI + j] = sum * inverse;
    }
  }
  return true;
}

/**
 * A bound on ‖E‖₂ for the backward error of a successful float64 Cholesky factorisation of an
 * n × n matrix with largest diagonal entry `maxDiagonal`: 2(n + 1)·n·u·maxDiagonal with
 * u = 2⁻⁵³ (|E| ≤ (n+1)u/(1−(n+1)u)·|L||Lᵀ| entrywise, and (|L||Lᵀ|)_ij ≤ √(M_ii M_jj)).
 */
export function choleskyBackwardError(n: number, maxDiagonal: number): number {
  const u = 2 ** -53;
  return 2 * (n + 1) * n * u * maxDiagonal;
}

/**
 * Solves M x = b with the factor {@link isPositiveDefinite} left in place (L in the lower
 * triangle of the row-major n × n array, after it returned true): forward substitution with L,
 * back substitution with Lᵀ, 2n² flops. For inverse iteration on a matrix already factorised.
 *
 * @param factor - the array isPositiveDefinite overwrote (and returned true for)
 * @param n - order
 * @param b - right-hand side, length n
 * @returns x (a new array)
 * @example if (isPositiveDefinite(m, n)) x = choleskySolve(m, n, b);
 */
export function choleskySolve(factor: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  if (factor.length !== n * n) throw new RangeError(`choleskySolve: the factor has ${factor.length} entries; n = ${n} needs ${n * n}.`);
  if (b.length !== n) throw new RangeError(`choleskySolve: b has ${b.length} entries; n = ${n}.`);
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let s = y[i]!;
    for (let k = 0; k < i; k++) s -= factor[row + k]! * y[k]!;
    y[i] = s / factor[row + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    const yi = y[i]! / factor[i * n + i]!;
    y[i] = yi;
    for (let k = 0; k < i; k++) y[k] = y[k]! - factor[i * n + k]! * yi;
  }
  return y;
}
