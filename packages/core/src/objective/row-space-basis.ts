/**
 * An orthonormal basis of R^d split in two: `basis` (r vectors, r = min(k, d)) spans a space that
 * contains the row space of the k×d matrix W, `complement` (d − r vectors) is orthogonal to it.
 * Modified Gram–Schmidt in float64, twice (re-orthogonalisation), over the rows of W and then the
 * standard basis vectors; a row whose residual is below `relTol`·‖row‖ is dependent and skipped.
 * Vectors are returned as rows (Float64Array of length d each).
 */
export function rowSpaceBasis(W: ArrayLike<number>, k: number, d: number, relTol = 1e-7): { basis: Float64Array[]; complement: Float64Array[] } {
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
  // Complete with standard basis vectors: after the rows, any e_i with a residual of at least
  // 1/√d is well conditioned, and some such e_i always exists while fewer than d are accepted.
  for (let i = 0; i < d && accepted.length < d; i++) {
    const e = new Float64Array(d);
    e[i] = 1;
    tryAdd(e, 0.5 / Math.sqrt(d));
  }
  if (accepted.length !== d) throw new Error(`rowSpaceBasis: completed only ${accepted.length} of ${d} basis vectors.`);
  // Any rows skipped as dependent leave basis slots to standard vectors; the first r accepted
  // always contain the row space.
  return { basis: accepted.slice(0, r), complement: accepted.slice(r) };
}
