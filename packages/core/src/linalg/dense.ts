/**
 * Small dense float64 linear algebra on the host. Matrices are row-major Float64Arrays:
 * entry (i, j) of an n × m matrix is `a[i * m + j]`.
 */

/** ⟨x, y⟩ over the first x.length entries. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** Euclidean norm (a loop: spreading long arrays into Math.hypot overflows the stack). */
export function norm2(x: ArrayLike<number>): number {
  return Math.sqrt(dot(x, x));
}

/**
 * C = A·B for A (n × m), B (m × p).
 *
 * @example const c = matmul(a, b, 2, 3, 4); // (2 × 3)·(3 × 4)
 */
export function matmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, m: number, p: number): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) continue;
      const row = l * p;
      const out = i * p;
      for (let j = 0; j < p; j++) c[out + j] = c[out + j]! + ail * b[row + j]!;
    }
  }
  return c;
}

/**
 * The Gram matrix AᵀA (m × m) of A (n × m).
 *
 * @example const covariance = gramOfColumns(centred, n, d); // d × d
 */
export function gramOfColumns(a: ArrayLike<number>, n: number, m: number): Float64Array {
  const g = new Float64Array(m * m);
  for (let r = 0; r < n; r++) {
    const row = r * m;
    for (let i = 0; i < m; i++) {
      const ri = a[row + i]!;
      if (ri === 0) continue;
      for (let j = i; j < m; j++) g[i * m + j] = g[i * m + j]! + ri * a[row + j]!;
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) g[i * m + j] = g[j * m + i]!;
  return g;
}

/** The transpose of A (n × m) as an m × n matrix. */
export function transpose(a: ArrayLike<number>, n: number, m: number): Float64Array {
  const t = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) t[j * n + i] = a[i * m + j]!;
  return t;
}

/** A square matrix given as rows (number[][]) as a row-major Float64Array. */
export function fromRows(rows: readonly (readonly number[])[]): Float64Array {
  const n = rows.length;
  const out = new Float64Array(n * n);
  rows.forEach((row, i) => {
    if (row.length !== n) throw new RangeError(`fromRows: row ${i} has ${row.length} entries; a square ${n} × ${n} matrix needs ${n}.`);
    out.set(row, i * n);
  });
  return out;
}
