import { eigenvector, symmetricEigen } from '../linalg/symmetric-eigen.js';

/**
 * Gauss–Hermite rule for the standard normal (probabilists' weight): nodes x_i and weights
 * w_i with Σ w_i h(x_i) = E[h(X)], X ~ N(0, 1), exact for polynomials of degree ≤ 2q − 1.
 * Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix with off-diagonal √i,
 * the weights the squared first components of its unit eigenvectors.
 */
export function gaussHermite(q: number): { nodes: Float64Array; weights: Float64Array } {
  if (!Number.isInteger(q) || q < 1 || q > 100) throw new Error(`Gauss–Hermite points must be an integer in [1, 100] (got ${q}).`);
  const jacobi = Array.from({ length: q }, (_, i) => Array.from({ length: q }, (_, j) => (Math.abs(i - j) === 1 ? Math.sqrt(Math.max(i, j)) : 0)));
  const eigen = symmetricEigen(jacobi);
  const nodes = Float64Array.from(eigen.values);
  const weights = Float64Array.from({ length: q }, (_, j) => eigenvector(eigen, j)[0]! ** 2);
  return { nodes, weights };
}

/**
 * The tensor-product rule in d dimensions: q^d points (rows of `points`, d columns) and weights
 * summing to 1, for E[h(X)] with X ~ N(0, I_d).
 */
export function gaussHermiteGrid(q: number, d: number): { points: Float64Array; weights: Float64Array; count: number } {
  const count = q ** d;
  if (count > 2_000_000) throw new Error(`Gauss–Hermite grid of ${q}^${d} = ${count} points is too large; use Monte-Carlo in this dimension.`);
  const { nodes, weights } = gaussHermite(q);
  const points = new Float64Array(count * d);
  const w = new Float64Array(count).fill(1);
  for (let i = 0; i < count; i++) {
    let rest = i;
    for (let j = d - 1; j >= 0; j--) {
      const k = rest % q;
      rest = Math.floor(rest / q);
      points[i * d + j] = nodes[k]!;
      w[i]! *= weights[k]!;
    }
  }
  return { points, weights: w, count };
}
