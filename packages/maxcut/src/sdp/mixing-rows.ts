/**
 * The mixing method's row update, v_i ← −g_i/‖g_i‖ with g_i = Σ_j w_ij v_j, for a range of
 * positions of the sweep order. Shared by the main thread and the SDP's worker threads.
 */
export interface MixingArrays {
  readonly rank: number;
  /** CSR adjacency: neighbours of i are neighbors[offsets[i] … offsets[i + 1] − 1]. */
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
  readonly neighborWeight: Float64Array;
  /** V, row-major (n × rank), updated in place. */
  readonly vectors: Float64Array;
  /** The sweep order (vertices). */
  readonly order: Int32Array;
  /** delta[q]: the change of Σ_e w_e v_i·v_j made by the update at position q (0 when skipped). */
  readonly delta: Float64Array;
  /** Scratch of `rank` values, one per thread. */
  readonly g: Float64Array;
}

/**
 * Updates the rows at positions [lo, hi) of the order, in that order, and writes each one's
 * correlation change. A row whose g is 0 (an isolated or balanced vertex) is left as it is.
 */
export function updateRows(a: MixingArrays, lo: number, hi: number): void {
  const { rank, offsets, neighbors, neighborWeight, vectors, order, delta, g } = a;
  for (let q = lo; q < hi; q++) {
    const i = order[q]!;
    g.fill(0);
    // eight, then four neighbours per pass over g: the same sum, in the same order, for every t
    let k = offsets[i]!;
    const stop = offsets[i + 1]!;
    for (; k + 7 < stop; k += 8) {
      const w0 = neighborWeight[k]!;
      const w1 = neighborWeight[k + 1]!;
      const w2 = neighborWeight[k + 2]!;
      const w3 = neighborWeight[k + 3]!;
      const w4 = neighborWeight[k + 4]!;
      const w5 = neighborWeight[k + 5]!;
      const w6 = neighborWeight[k + 6]!;
      const w7 = neighborWeight[k + 7]!;
      const b0 = neighbors[k]! * rank;
      const b1 = neighbors[k + 1]! * rank;
      const b2 = neighbors[k + 2]! * rank;
      const b3 = neighbors[k + 3]! * rank;
      const b4 = neighbors[k + 4]! * rank;
      const b5 = neighbors[k + 5]! * rank;
      const b6 = neighbors[k + 6]! * rank;
      const b7 = neighbors[k + 7]! * rank;
      for (let t = 0; t < rank; t++) {
        g[t] =
          g[t]! +
          w0 * vectors[b0 + t]! +
          w1 * vectors[b1 + t]! +
          w2 * vectors[b2 + t]! +
          w3 * vectors[b3 + t]! +
          w4 * vectors[b4 + t]! +
          w5 * vectors[b5 + t]! +
          w6 * vectors[b6 + t]! +
          w7 * vectors[b7 + t]!;
      }
    }
    for (; k + 3 < stop; k += 4) {
      const w0 = neighborWeight[k]!;
      const w1 = neighborWeight[k + 1]!;
      const w2 = neighborWeight[k + 2]!;
      const w3 = neighborWeight[k + 3]!;
      const b0 = neighbors[k]! * rank;
      const b1 = neighbors[k + 1]! * rank;
      const b2 = neighbors[k + 2]! * rank;
      const b3 = neighbors[k + 3]! * rank;
      for (let t = 0; t < rank; t++) g[t] = g[t]! + w0 * vectors[b0 + t]! + w1 * vectors[b1 + t]! + w2 * vectors[b2 + t]! + w3 * vectors[b3 + t]!;
    }
    for (; k < stop; k++) {
      const w = neighborWeight[k]!;
      const base = neighbors[k]! * rank;
      for (let t = 0; t < rank; t++) g[t]! += w * vectors[base + t]!;
    }
    let norm = 0;
    let old = 0;
    const row = i * rank;
    for (let t = 0; t < rank; t++) {
      norm += g[t]! * g[t]!;
      old += g[t]! * vectors[row + t]!;
    }
    norm = Math.sqrt(norm);
    if (norm === 0) {
      delta[q] = 0; // isolated (or balanced) vertex: any unit vector is optimal
      continue;
    }
    for (let t = 0; t < rank; t++) vectors[row + t] = -g[t]! / norm;
    delta[q] = -norm - old;
  }
}
