/**
 * An orthonormal set of r = min(k, d) vectors of R^d whose span contains the row space of the
 * k×d matrix W. Modified Gram–Schmidt in float64, twice (re-orthogonalisation), over the rows of
 * W, completed with standard basis vectors when W has rank below r; a row whose residual is below
 * `relTol`·‖row‖ is dependent and skipped. Vectors are returned as rows (Float64Array of length d).
 * O(r²·d): no basis of the complement is built.
 */
export function rowSpaceBasis(W: ArrayLike<number>, k: number, d: number, relTol = 1e-7): Float64Array[] {
  if (W.length !== k * d) throw new Error(`rowSpaceBasis: expected ${k}×${d} = ${k * d} entries, got ${W.length}.`);
  const r = Math.min(k, d);
  const accepted: Float64Array[] = [];
  const tryAdd = (v: Float64Array, tol: number): void => {
    const norm0 = Math.hypot(...v);
    if (!(norm0 > 0)) return;
    for (let pass = 0; pass < 2; pass++) {
      for (const q of accepted) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += q[i]! * v[i]!;
        for (let i = 0; i < d; i++) v[i]! -= dot * q[i]!;
      }
    }
    const norm = Math.hypot(...v);
    if (norm > tol * norm0) accepted.push(v.map((x) => x / norm));
  };
  for (let row = 0; row < k && accepted.length < r; row++) {
    const v = new Float64Array(d);
    for (let i = 0; i < d; i++) v[i] = Number(W[row * d + i]);
    if (!v.every(Number.isFinite)) throw new Error(`rowSpaceBasis: row ${row} of W has a non-finite entry.`);
    tryAdd(v, relTol);
  }
  // Completion: while m < d vectors are accepted, Σ_i ‖P⊥e_i‖² = d − m ≥ 1, so some e_i has a
  // residual of at least 1/√d; accepting residuals above 0.5/√d therefore always finishes.
  for (let i = 0; i < d && accepted.length < r; i++) {
    const e = new Float64Array(d);
    e[i] = 1;
    tryAdd(e, 0.5 / Math.sqrt(d));
  }
  if (accepted.length !== r) throw new Error(`rowSpaceBasis: completed only ${accepted.length} of ${r} basis vectors.`);
  return accepted;
}
