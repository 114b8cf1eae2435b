import type { Params } from '@derand/core';

/**
 * Host copies of every parameter group (for `--save-params` and results).
 *
 * @example const saved = hostParams(run.params); saved.W.shape; // [h, d]
 */
export function hostParams(params: Params): Record<string, { shape: number[]; values: number[] }> {
  const out: Record<string, { shape: number[]; values: number[] }> = {};
  for (const [name, t] of Object.entries(params)) out[name] = { shape: [...t.shape], values: Array.from(t.dataSync()) };
  return out;
}

/**
 * Evenly spaced neuron indices, at most `count`.
 *
 * @example pickNeurons(1000, 4); // [0, 250, 500, 750]
 */
export function pickNeurons(h: number, count: number): number[] {
  const n = Math.min(h, count);
  return Array.from({ length: n }, (_, i) => Math.floor((i * h) / n));
}

/**
 * Two plotting coordinates per neuron: (w₁, w₂) when d = 2, else (⟨w, u₁⟩, ‖w⊥‖) with u₁ the first
 * teacher direction (the first row of `u`).
 *
 * @example coordinatesOf(W, 2, [0, 5], U); // [[w₀₁, w₀₂], [w₅₁, w₅₂]]
 */
export function coordinatesOf(w: ArrayLike<number>, d: number, neurons: readonly number[], u: ArrayLike<number>): [number, number][] {
  return neurons.map((i) => {
    if (d === 2) return [w[i * 2] ?? NaN, w[i * 2 + 1] ?? NaN];
    let along = 0;
    let norm2 = 0;
    for (let c = 0; c < d; c++) {
      along += (w[i * d + c] ?? 0) * (u[c] ?? 0);
      norm2 += (w[i * d + c] ?? 0) ** 2;
    }
    return [along, Math.sqrt(Math.max(0, norm2 - along * along))];
  });
}

