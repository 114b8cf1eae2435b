/**
 * s_i = √(‖v_i‖² + τ²) for every vertex (V row-major, n × rank), written into `scales`; returns
 * ‖V‖²_F, summed vertex by vertex in index order.
 *
 * @example const squared = vertexScales(V, n, rank, tau, scales);
 */
export function vertexScales(vectors: ArrayLike<number>, n: number, rank: number, tau: number, scales: Float64Array): number {
  let squared = 0;
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let t = 0; t < rank; t++) sq += vectors[i * rank + t]! ** 2;
    squared += sq;
    scales[i] = Math.sqrt(sq + tau * tau);
  }
  return squared;
}
