/**
 * Thin singular value decomposition of a small dense matrix in float64 by one-sided Jacobi
 * (Hestenes): columns of A are rotated pairwise until mutually orthogonal; then A V = U Σ with
 * σⱼ the column norms. Accurate to relative round-off even for tiny singular values (no AᵀA
 * is formed), and cheap when one side is small: O(cols² · rows) per sweep.
 */
export interface Svd {
  /** Singular values, descending (length min(rows, cols) … cols: one per column of A). */
  readonly values: Float64Array;
  /** Right singular vectors: column j of V (cols × cols, row-major) pairs with values[j]. */
  readonly rightVectors: Float64Array;
  readonly sweeps: number;
}

/**
 * SVD of A (rows × cols, row-major) by one-sided Jacobi on its columns.
 *
 * Convergence: a sweep rotates every pair (i, j) with |aᵢ·aⱼ| > ε‖aᵢ‖‖aⱼ‖ (ε = 1e-15); it stops
 * when a sweep rotates none. Returns cols singular values (zeros when cols > rows).
 *
 * @example const { values } = svd(W, h, d); // σ₁ ≥ … ≥ σ_d of W ∈ R^{h×d}
 * @see Demmel & Veselić, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 1992.
 */
export function svd(a: ArrayLike<number>, rows: number, cols: number, maxSweeps = 60): Svd {
  // columns as contiguous arrays
  const col: Float64Array[] = Array.from({ length: cols }, (_, j) => {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) c[i] = a[i * cols + j] ?? 0;
    return c;
  });
  const v: Float64Array[] = Array.from({ length: cols }, (_, j) => {
    const c = new Float64Array(cols);
    c[j] = 1;
    return c;
  });
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        const cp = col[p]!;
        const cq = col[q]!;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < rows; i++) {
          alpha += cp[i]! * cp[i]!;
          beta += cq[i]! * cq[i]!;
          gamma += cp[i]! * cq[i]!;
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < rows; i++) {
          const x = cp[i]!;
          const y = cq[i]!;
          cp[i] = c * x - s * y;
          cq[i] = s * x + c * y;
        }
        const vp = v[p]!;
        const vq = v[q]!;
        for (let i = 0; i < cols; i++) {
          const x = vp[i]!;
          const y = vq[i]!;
          vp[i] = c * x - s * y;
          vq[i] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = col.map((c) => Math.sqrt(c.reduce((s, x) => s + x * x, 0)));
  const order = norms.map((_, j) => j).sort((x, y) => norms[y]! - norms[x]!);
  const values = Float64Array.from(order, (j) => norms[j]!);
  const rightVectors = new Float64Array(cols * cols);
  order.forEach((j, k) => {
    for (let i = 0; i < cols; i++) rightVectors[i * cols + k] = v[j]![i]!;
  });
  return { values, rightVectors, sweeps };
}
