import { geometricSchedule } from '@derand/core';

/** One stage of an annealing run: steps [from, to) at temperature τ. */
export interface AnnealingStage {
  readonly from: number;
  readonly to: number;
  readonly temperature: number;
}

/**
 * Splits `steps` into `stages` stages of (nearly) equal length, with temperatures geometric
 * from τ₀ to τ₁: τ_s = τ₀(τ₁/τ₀)^{s/(stages−1)}. The objective's temperature is constant within
 * a stage; the optimizer state carries over from one stage to the next.
 *
 * @example annealingStages(1000, 20, 0.1, 0.005)[0]; // { from: 0, to: 50, temperature: 0.1 }
 */
export function annealingStages(steps: number, stages: number, start: number, end: number): AnnealingStage[] {
  const count = Math.max(1, Math.min(stages, steps));
  const tau = geometricSchedule(start, end, count);
  const out: AnnealingStage[] = [];
  for (let s = 0; s < count; s++) {
    const from = Math.round((steps * s) / count);
    const to = Math.round((steps * (s + 1)) / count);
    if (to > from) out.push({ from, to, temperature: tau(s) });
  }
  return out;
}
