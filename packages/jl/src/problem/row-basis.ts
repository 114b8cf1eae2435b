/**
 * An orthonormal basis of the span of the rows of an n × d matrix, by modified Gram–Schmidt
 * with one re-orthogonalisation pass ("twice is enough"), in float64 on the host. A row whose
 * residual falls below `tolerance`·(largest row norm) adds nothing and is dropped, so the
 * result has r = rank ≤ min(n, d) rows.
 *
 * Cost 4·n·r·d flops; used only when n is well below d, where it shrinks every later product.
 *
 * @param values - the rows, row-major (n × d).
 * @param n - number of rows.
 * @param d - row length.
 * @param tolerance - relative drop tolerance (default 1e-10).
 * @returns `basis` (r × d, orthonormal rows, row-major) and `rank` r.
 * @example const { basis, rank } = rowSpanBasis(X.values, X.rows, X.cols);
 */
export function rowSpanBasis(values: Float64Array, n: number, d: number, tolerance = 1e-10): { basis: Float64Array; rank: number } {
  let largest = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += values[i * d + j]! ** 2;
    largest = Math.max(largest, Math.sqrt(s));
  }
  const basis = new Float64Array(Math.min(n, d) * d);
  let rank = 0;
  const v = new Float64Array(d);
  for (let i = 0; i < n && rank < d; i++) {
    v.set(values.subarray(i * d, (i + 1) * d));
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < rank; q++) {
        let dot = 0;
        const off = q * d;
        for (let j = 0; j < d; j++) dot += basis[off + j]! * v[j]!;
        for (let j = 0; j < d; j++) v[j] = v[j]! - dot * basis[off + j]!;
      }
    }
    let s = 0;
    for (let j = 0; j < d; j++) s += v[j]! ** 2;
    const norm = Math.sqrt(s);
    if (norm <= tolerance * largest || norm === 0) continue;
    for (let j = 0; j < d; j++) basis[rank * d + j] = v[j]! / norm;
    rank++;
  }
  return { basis: basis.slice(0, rank * d), rank };
}
