/**
 * Extreme eigenvalues of a symmetric operator from matrix–vector products, by the Lanczos
 * method with full reorthogonalisation (float64 on the host). Converges first to the ends of
 * the spectrum, which is all the second-order certificate needs.
 */
export interface LanczosResult {
  readonly min: number;
  readonly max: number;
  /** Unit Ritz vector for `min`. */
  readonly minVector: Float64Array;
  /** ‖A v − λ_min v‖ for the Ritz pair. */
  readonly residual: number;
  readonly iterations: number;
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi); values ascending. */
export function symmetricEigen(matrix: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i]![j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = a.map((row, i) => ({ value: row[i]!, i })).sort((x, y) => x.value - y.value);
  return { values: order.map((o) => o.value), vectors: order.map((o) => v.map((row) => row[o.i]!)) };
}

const dot = (x: Float64Array, y: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
};

/**
 * Runs at most `steps` Lanczos iterations of `apply` (v ↦ A v) from the unit start vector.
 */
export function lanczos(apply: (v: Float64Array) => Float64Array, start: Float64Array, steps: number, tolerance = 1e-10): LanczosResult {
  const n = start.length;
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = Float64Array.from(start);
  const norm0 = Math.sqrt(dot(q, q));
  for (let i = 0; i < n; i++) q[i]! /= norm0;
  const maxSteps = Math.min(steps, n);
  for (let j = 0; j < maxSteps; j++) {
    basis.push(q);
    const w = apply(q);
    const a = dot(w, q);
    alpha.push(a);
    // full reorthogonalisation (twice is enough)
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const c = dot(w, b);
        for (let i = 0; i < n; i++) w[i]! -= c * b[i]!;
      }
    }
    const bNorm = Math.sqrt(dot(w, w));
    if (j === maxSteps - 1 || bNorm < tolerance) break;
    beta.push(bNorm);
    q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = w[i]! / bNorm;
  }
  const k = alpha.length;
  const t = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? alpha[i]! : Math.abs(i - j) === 1 ? beta[Math.min(i, j)]! : 0)));
  const { values, vectors } = symmetricEigen(t);
  const y = vectors[0]!;
  const minVector = new Float64Array(n);
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) minVector[i]! += y[j]! * basis[j]![i]!;
  const vNorm = Math.sqrt(dot(minVector, minVector));
  for (let i = 0; i < n; i++) minVector[i]! /= vNorm;
  const av = apply(minVector);
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (av[i]! - values[0]! * minVector[i]!) ** 2;
  return { min: values[0]!, max: values[k - 1]!, minVector, residual: Math.sqrt(residual), iterations: k };
}
