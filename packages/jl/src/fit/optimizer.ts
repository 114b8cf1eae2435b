import { adam, gradientDescent, perturbedGradientDescent, sgdMomentum, type GradientTransformation } from '@derand/core';
import { geometricSchedule } from './schedules.js';

/** Optimizers a JL fit can use (all from `@derand/core`). */
export type JlOptimizerKind = 'adam' | 'gd' | 'momentum' | 'pgd';

export interface JlOptimizerOptions {
  readonly kind: JlOptimizerKind;
  /** η₀ (default: Adam 0.1, GD 30, momentum 3, PGD 30; see {@link defaultLearningRate}). */
  readonly learningRate?: number;
  /** η at the last step (default η₀/30; PGD keeps η₀ constant, as Jin et al.). */
  readonly learningRateEnd?: number;
  readonly steps: number;
  /** Step-size factor per parameter group (e.g. `{ W: 1/√q }` for a general noise factor). */
  readonly groupScale?: Readonly<Record<string, number>>;
  /** PGD thresholds (Jin et al. 2017): ball radius r, g_thres, t_thres, f_thres. */
  readonly pgd?: { readonly radius?: number; readonly gThres?: number; readonly tThres?: number; readonly fThres?: number };
}

/**
 * The default η₀ of each optimizer for JL losses: Adam 0.1 (its steps are scale-free); plain
 * gradient steps need η ≈ 30 because the curvature near M = 0 is only about 2/(k·r)
 * (each of the m items pulls on k·r coordinates with weight 1/m), which a smaller η would
 * take thousands of steps to exploit; momentum 3 (≈ 30·(1 − 0.9)).
 * @example defaultLearningRate('adam'); // 0.1
 */
export function defaultLearningRate(kind: JlOptimizerKind): number {
  return { adam: 0.1, gd: 30, momentum: 3, pgd: 30 }[kind];
}

/**
 * Builds the optimizer of a fit: Adam, gradient descent or heavy-ball momentum with a
 * geometric step-size decay η_t = η₀(η₁/η₀)^{t/(T−1)}, or Jin et al.'s perturbed gradient
 * descent with constant η (escapes strict saddles such as M = 0; runs the full budget
 * instead of terminating at its first certified point). `groupScale` multiplies the step of
 * chosen groups (not for PGD, whose step is one η for all parameters).
 *
 * @example const opt = jlOptimizer({ kind: 'adam', steps: 1000 });
 */
export function jlOptimizer(options: JlOptimizerOptions): GradientTransformation<unknown> {
  const eta0 = options.learningRate ?? defaultLearningRate(options.kind);
  const eta1 = options.learningRateEnd ?? eta0 / 30;
  const schedule = geometricSchedule(eta0, eta1, options.steps);
  const groups = Object.fromEntries(Object.entries(options.groupScale ?? {}).map(([name, factor]) => [name, { learningRate: (t: number) => factor * schedule(t) }]));
  switch (options.kind) {
    case 'adam':
      return adam({ learningRate: schedule, groups });
    case 'gd':
      return gradientDescent({ learningRate: schedule, groups });
    case 'momentum':
      return sgdMomentum({ learningRate: schedule, momentum: 0.9, groups });
    case 'pgd': {
      const p = options.pgd ?? {};
      return perturbedGradientDescent(
        {
          mode: 'thresholds',
          learningRate: eta0,
          radius: p.radius ?? 1,
          gThres: p.gThres ?? 1e-4,
          tThres: p.tThres ?? 20,
          fThres: p.fThres ?? 1e-6,
        },
        { terminate: false },
      );
    }
  }
}
