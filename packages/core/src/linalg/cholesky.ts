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
