import { DerandError, z } from '@derand/registry';
import type { StepSize } from '../params/types.js';

/**
 * A step-size schedule as data (what options files and the CLI carry). `steps` is the length
 * the schedule runs over; when omitted it is the training run's length, which the optimizer
 * learns when it is created (`CreateContext.totalSteps`).
 */
export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), value: z.number().positive() }).strict(),
  z
    .object({ kind: z.literal('geometric'), from: z.number().positive(), to: z.number().positive(), steps: z.number().int().positive().optional() })
    .strict()
    .describe('η_t = from·(to/from)^{t/(steps−1)}'),
  z
    .object({ kind: z.literal('linear'), from: z.number().positive(), to: z.number().nonnegative(), steps: z.number().int().positive().optional() })
    .strict()
    .describe('η_t = from + (to − from)·t/(steps−1)'),
  z
    .object({ kind: z.literal('cosine'), from: z.number().positive(), to: z.number().nonnegative(), steps: z.number().int().positive().optional() })
    .strict()
    .describe('η_t = to + (from − to)(1 + cos(πt/(steps−1)))/2'),
]);
export type ScheduleSpec = z.output<typeof scheduleSchema>;

/** A step size in options: a positive number or a {@link scheduleSchema schedule}. */
export const stepSizeSchema = z.union([z.number().positive(), scheduleSchema]);
export type StepSizeSpec = z.output<typeof stepSizeSchema>;

const clampFraction = (step: number, total: number): number => (total <= 1 ? 0 : Math.min(Math.max(step, 0), total - 1) / (total - 1));

/**
 * Geometric interpolation from `start` to `end` over `total` steps:
 * v(t) = start·(end/start)^{t/(total−1)}, t = 0 … total−1 (clamped beyond).
 *
 * @example const lr = geometricSchedule(0.1, 0.1 / 30, 1000); lr(0) === 0.1;
 */
export function geometricSchedule(start: number, end: number, total: number): (step: number) => number {
  if (total <= 1 || start === end) return () => start;
  return (step: number) => start * (end / start) ** clampFraction(step, total);
}

/**
 * The step size a spec describes, for `scaleByLearningRate` and the named optimizers: a number
 * stays a number, a schedule becomes a function of the (0-based) step.
 *
 * @param totalSteps - the run's length, used by schedules that give no `steps` of their own.
 * @throws DerandError (BAD_OPTION) when a schedule has no length and the run's is unknown.
 * @example toStepSize({ kind: 'cosine', from: 0.1, to: 0 }, 1000)(999); // 0
 */
export function toStepSize(spec: StepSizeSpec, totalSteps?: number): StepSize {
  if (typeof spec === 'number') return spec;
  if (spec.kind === 'constant') return spec.value;
  const total = spec.steps ?? totalSteps;
  if (total === undefined) {
    throw new DerandError('BAD_OPTION', `The ${spec.kind} schedule has no length: give 'steps' in the schedule, or run it where the number of training steps is known.`);
  }
  const { from, to } = spec;
  switch (spec.kind) {
    case 'geometric':
      return geometricSchedule(from, to, total);
    case 'linear':
      return (step) => from + (to - from) * clampFraction(step, total);
    case 'cosine':
      return (step) => to + ((from - to) * (1 + Math.cos(Math.PI * clampFraction(step, total)))) / 2;
  }
}

/**
 * A step-size spec multiplied by a factor (a schedule keeps its shape).
 *
 * @example scaleStepSize({ kind: 'geometric', from: 0.1, to: 0.01 }, 0.5); // from 0.05 to 0.005
 */
export function scaleStepSize(spec: StepSizeSpec, factor: number): StepSizeSpec {
  if (typeof spec === 'number') return spec * factor;
  if (spec.kind === 'constant') return { ...spec, value: spec.value * factor };
  return { ...spec, from: spec.from * factor, to: spec.to * factor };
}
