import { dot } from './dense.js';

/** Options of {@link orthonormalBasis}. */
export interface OrthonormalBasisOptions {
  /**
   * A vector whose residual after projection falls below `tolerance` times its scale is
   * dependent and dropped (default 1e-10). The scale is the vector's own norm (`relativeTo:
   * 'vector'`, default) or the largest input norm (`'largest'`).
   */
  readonly tolerance?: number;
  readonly relativeTo?: 'vector' | 'largest';
  /** Complete a rank-deficient set with standard basis vectors up to this many vectors (default: no completion). */
  readonly completeTo?: number;
}

/**
 * Removes from v its projections on the accepted unit vectors: modified Gram–Schmidt, run twice
 * ("twice is enough", Giraud et al. 2005), so the result is orthogonal to float64 round-off.
 */
function project(v: Float64Array, accepted: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of accepted) {
      const c = dot(q, v);
      for (let i = 0; i < v.length; i++) v[i] = v[i]! - c * q[i]!;
    }
  }
}

/**
 * An orthonormal basis of the span of the rows of an n × d matrix (row-major, float64), by
 * modified Gram–Schmidt with one re-orthogonalisation pass. Dependent rows (see
 * {@link OrthonormalBasisOptions.tolerance}) add nothing; with `completeTo` the set is completed
 * with standard basis vectors e_i (while m < d vectors are accepted, Σ_i ‖P⊥e_i‖² = d − m ≥ 1, so
 * some e_i keeps a residual of at least 1/√d: accepting residuals above 0.5/√d always finishes).
 * Cost O(n·r·d).
 *
 * @param values - the rows, row-major (n × d).
 * @returns `basis` (r × d orthonormal rows, row-major) and `rank` r (the rows' rank before completion in `spanned`).
 * @throws RangeError for a wrong length or a non-finite entry (naming the row).
 * @example const { basis, rank } = orthonormalBasis(X.values, X.rows, X.cols, { relativeTo: 'largest' });
 * @see Golub & Van Loan, Matrix Computations, §5.2.8; Giraud, Langou, Rozložník, "The loss of orthogonality in the Gram–Schmidt process", 2005.
 */
export function orthonormalBasis(values: ArrayLike<number>, n: number, d: number, options: OrthonormalBasisOptions = {}): { basis: Float64Array; rank: number; spanned: number } {
  if (values.length !== n * d) throw new RangeError(`orthonormalBasis: expected ${n}×${d} = ${n * d} entries, got ${values.length}.`);
  const tolerance = options.tolerance ?? 1e-10;
  let largest = 0;
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const v = new Float64Array(d);
    for (let j = 0; j < d; j++) v[j] = Number(values[i * d + j]);
    if (!v.every(Number.isFinite)) throw new RangeError(`orthonormalBasis: row ${i} has a non-finite entry.`);
    largest = Math.max(largest, Math.sqrt(dot(v, v)));
    rows.push(v);
  }
  const limit = Math.min(options.completeTo ?? d, d);
  const accepted: Float64Array[] = [];
  for (const v of rows) {
    if (accepted.length >= limit) break;
    const scale = options.relativeTo === 'largest' ? largest : Math.sqrt(dot(v, v));
    if (!(scale > 0)) continue;
    project(v, accepted);
    const norm = Math.sqrt(dot(v, v));
    if (norm > tolerance * scale && norm > 0) accepted.push(v.map((x) => x / norm));
  }
  const spanned = accepted.length;
  for (let i = 0; i < d && accepted.length < limit && options.completeTo !== undefined; i++) {
    const e = new Float64Array(d);
    e[i] = 1;
    project(e, accepted);
    const norm = Math.sqrt(dot(e, e));
    if (norm > 0.5 / Math.sqrt(d)) accepted.push(e.map((x) => x / norm));
  }
  const basis = new Float64Array(accepted.length * d);
  accepted.forEach((v, i) => basis.set(v, i * d));
  return { basis, rank: accepted.length, spanned };
}

/**
 * Orthonormalises the columns of q (rows × cols, row-major) in place by modified Gram–Schmidt,
 * twice; a column that becomes zero stays zero. For subspace iteration, where the columns are
 * kept even when one degenerates.
 *
 * @example orthonormalizeColumns(q, d, b); // q (d × b) now has orthonormal columns
 */
export function orthonormalizeColumns(q: Float64Array, rows: number, cols: number): void {
  const columns = Array.from({ length: cols }, (_, j) => Float64Array.from({ length: rows }, (_, r) => q[r * cols + j]!));
  const done: Float64Array[] = [];
  for (const c of columns) {
    project(c, done);
    const norm = Math.sqrt(dot(c, c)) || 1;
    for (let r = 0; r < rows; r++) c[r] = c[r]! / norm;
    done.push(c);
  }
  columns.forEach((c, j) => {
    for (let r = 0; r < rows; r++) q[r * cols + j] = c[r]!;
  });
}
