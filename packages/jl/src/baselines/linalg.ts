import { sampleNormal, type RandomKey } from '@derand/core';

/**
 * Small dense linear algebra in float64 on the host, for the PCA/SVD baselines. Matrices are
 * row-major Float64Arrays.
 */

/**
 * All eigenpairs of a symmetric n × n matrix by the cyclic Jacobi method (rotations until the
 * off-diagonal mass is below 1e-30 of the total), sorted by decreasing eigenvalue.
 * O(n³) per sweep; meant for n up to a few hundred.
 *
 * @returns `values` (descending) and `vectors` (n × n, column j is the unit eigenvector of values[j]).
 * @example const { values } = jacobiEigen(Float64Array.from([2, 1, 1, 2]), 2); // [3, 1]
 */
export function jacobiEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += a[i]! ** 2;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * a[p * n + q]! ** 2;
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r * n + p]!;
          const arq = a[r * n + q]!;
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p * n + r]!;
          const aqr = a[q * n + r]!;
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r * n + p]!;
          const vrq = v[r * n + q]!;
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((col, j) => {
    for (let r = 0; r < n; r++) vectors[r * n + j] = v[r * n + col]!;
  });
  return { values, vectors };
}

/**
 * Orthonormalises the columns of q (rows × cols) in place by modified Gram–Schmidt, twice.
 *
 * @example orthonormalizeColumns(q, d, b); // q (d × b) now has orthonormal columns
 */
export function orthonormalizeColumns(q: Float64Array, rows: number, cols: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += q[r * cols + i]! * q[r * cols + j]!;
        for (let r = 0; r < rows; r++) q[r * cols + j] = q[r * cols + j]! - dot * q[r * cols + i]!;
      }
      let s = 0;
      for (let r = 0; r < rows; r++) s += q[r * cols + j]! ** 2;
      const norm = Math.sqrt(s) || 1;
      for (let r = 0; r < rows; r++) q[r * cols + j] = q[r * cols + j]! / norm;
    }
  }
}

/**
 * C = A·B for A (n × m), B (m × p).
 *
 * @example const c = matmul(a, b, 2, 3, 4); // (2 × 3)·(3 × 4)
 */
export function matmul(a: Float64Array, b: Float64Array, n: number, m: number, p: number): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const ci = c.subarray(i * p, (i + 1) * p);
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) continue;
      const bl = b.subarray(l * p, (l + 1) * p);
      for (let j = 0; j < p; j++) ci[j] = ci[j]! + ail * bl[j]!;
    }
  }
  return c;
}

/**
 * The Gram matrix AᵀA (m × m) of A (n × m).
 *
 * @example const covariance = gramOfColumns(centred, n, d); // d × d
 */
export function gramOfColumns(a: Float64Array, n: number, m: number): Float64Array {
  const g = new Float64Array(m * m);
  for (let r = 0; r < n; r++) {
    const row = a.subarray(r * m, (r + 1) * m);
    for (let i = 0; i < m; i++) {
      const ri = row[i]!;
      if (ri === 0) continue;
      const gi = g.subarray(i * m, (i + 1) * m);
      for (let j = i; j < m; j++) gi[j] = gi[j]! + ri * row[j]!;
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) g[i * m + j] = g[j * m + i]!;
  return g;
}

/**
 * The `count` largest eigenpairs of a symmetric positive semi-definite s × s matrix: exact
 * (Jacobi) when s ≤ 160, else randomized subspace iteration (Halko, Martinsson, Tropp 2011):
 * Q ← orth(A·Q) from a Gaussian start of width count + 10 until the Ritz values settle
 * (relative change < 1e-10) or 200 iterations, then Rayleigh–Ritz on QᵀAQ.
 *
 * @returns `values` (descending, `count`) and `vectors` (s × count, orthonormal columns).
 * @example const { values, vectors } = topEigenpairs(covariance, d, 30, keyFromSeed(0));
 */
export function topEigenpairs(a: Float64Array, s: number, count: number, key: RandomKey): { values: Float64Array; vectors: Float64Array } {
  const take = (values: Float64Array, vectors: Float64Array, width: number) => {
    const out = new Float64Array(s * count);
    for (let r = 0; r < s; r++) for (let j = 0; j < count; j++) out[r * count + j] = vectors[r * width + j]!;
    return { values: values.slice(0, count), vectors: out };
  };
  if (s <= 160) {
    const { values, vectors } = jacobiEigen(a, s);
    return take(values, vectors, s);
  }
  const b = Math.min(s, count + 10);
  let q: Float64Array = Float64Array.from(sampleNormal(key, s * b));
  orthonormalizeColumns(q, s, b);
  let previous: Float64Array = new Float64Array(b);
  for (let iteration = 0; iteration < 200; iteration++) {
    q = matmul(a, q, s, s, b);
    orthonormalizeColumns(q, s, b);
    if (iteration % 5 === 4) {
      const ritz = ritzValues(a, q, s, b);
      let change = 0;
      for (let j = 0; j < count; j++) change = Math.max(change, Math.abs(ritz[j]! - previous[j]!) / Math.max(Math.abs(ritz[0]!), 1e-300));
      previous = ritz;
      if (change < 1e-10) break;
    }
  }
  const small = projected(a, q, s, b);
  const { values, vectors } = jacobiEigen(small, b);
  return take(values, matmul(q, vectors, s, b, b), b);
}

function projected(a: Float64Array, q: Float64Array, s: number, b: number): Float64Array {
  const aq = matmul(a, q, s, s, b);
  const out = new Float64Array(b * b);
  for (let r = 0; r < s; r++) for (let i = 0; i < b; i++) for (let j = 0; j < b; j++) out[i * b + j] = out[i * b + j]! + q[r * b + i]! * aq[r * b + j]!;
  return out;
}

function ritzValues(a: Float64Array, q: Float64Array, s: number, b: number): Float64Array {
  return jacobiEigen(projected(a, q, s, b), b).values;
}
