import { fromRows } from './dense.js';

/** Eigenvalues (ascending) and eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  /** n × n, row-major: column j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
  readonly n: number;
}

/**
 * Every eigenpair of a small symmetric n × n matrix by the cyclic Jacobi method: plane rotations
 * until the off-diagonal mass is below 1e-30 of the total (or 100 sweeps), values ascending.
 * O(n³) per sweep; meant for n up to a few hundred.
 *
 * @param matrix - row-major Float64Array (with n) or rows (number[][]).
 * @example const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2); // [1, 3]
 * @see Golub & Van Loan, Matrix Computations, §8.5 (cyclic Jacobi).
 */
export function symmetricEigen(matrix: ArrayLike<number> | readonly (readonly number[])[], size?: number): SymmetricEigen {
  const a = Array.isArray(matrix) && Array.isArray(matrix[0]) ? fromRows(matrix as number[][]) : Float64Array.from(matrix as ArrayLike<number>);
  const n = size ?? Math.round(Math.sqrt(a.length));
  if (n * n !== a.length) throw new RangeError(`symmetricEigen: ${a.length} entries do not make an n × n matrix${size === undefined ? '' : ` with n = ${size}`}.`);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += a[i]! ** 2;
  for (let sweep = 0; sweep < 100; sweep++) {
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
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[x * n + x]! - a[y * n + y]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((col, j) => {
    for (let r = 0; r < n; r++) vectors[r * n + j] = v[r * n + col]!;
  });
  return { values, vectors, n };
}

/**
 * Column j of an eigenvector matrix as its own array.
 *
 * @example const u = eigenvector(symmetricEigen(a, n), 0); // the eigenvector of the smallest eigenvalue
 */
export function eigenvector(eigen: SymmetricEigen, j: number): Float64Array {
  const { n, vectors } = eigen;
  return Float64Array.from({ length: n }, (_, r) => vectors[r * n + j]!);
}
