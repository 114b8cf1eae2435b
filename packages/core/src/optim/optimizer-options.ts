import { InputError, z, type InputIssue } from '@derand/registry';
import type { Params } from '../params/params.js';
import { stepSizeSchema, toStepSize, type StepSizeSpec } from './schedules.js';
import type { StepSize } from '../params/types.js';

/**
 * The one contract every optimizer's options follow (as optax's `multi_transform`): a step size
 * or schedule for every parameter group, per-group settings for labelled groups, and the
 * optimizer's own knobs beside them. Solvers fill `learningRate` and `groups` the same way
 * whichever optimizer the user picked; no code outside core needs to know an optimizer's id.
 */
export const groupSettingsSchema = z
  .object({
    learningRate: stepSizeSchema.optional().describe("this group's step size (when absent: the optimizer's learningRate)"),
    weightDecay: z.number().min(0).optional().describe('adds rate·p to the gradient (the gradient of (rate/2)‖p‖²)'),
    frozen: z.boolean().optional().describe('the group receives no update'),
  })
  .strict();

/** Noise near first-order stationary points (the perturbed variants). */
export const perturbSchema = z
  .object({
    std: z.number().positive().describe('noise standard deviation'),
    threshold: z.number().positive().optional().describe('perturb only when the gradient norm over `of` is below this'),
    groups: z.array(z.string()).optional().describe('groups that receive noise (when absent: all)'),
    of: z.array(z.string()).optional().describe('groups whose gradient norm is watched (when absent: all)'),
  })
  .strict();

/** The fields every optimizer schema starts with. */
export const optimizerBaseShape = {
  learningRate: stepSizeSchema
    .optional()
    .describe('step size η, a number or a schedule ({kind: geometric|linear|cosine, from, to, steps?}); groups with no step size of their own and no default are frozen'),
  groups: z.record(z.string(), groupSettingsSchema).optional().describe('per-group step size, weight decay or frozen, by parameter-group name'),
};

/** Per-group settings with step sizes resolved to numbers or schedules. */
export interface GroupSettings {
  readonly learningRate?: StepSize;
  /** Adds rate·p to the gradient (the gradient of (rate/2)‖p‖²). */
  readonly weightDecay?: number;
  /** Frozen groups receive no update. */
  readonly frozen?: boolean;
}

/** `learningRate` and `groups` as they arrive in validated options. */
export interface StepSizeOptions {
  readonly learningRate?: StepSizeSpec | undefined;
  readonly groups?: Readonly<Record<string, z.output<typeof groupSettingsSchema>>> | undefined;
}

/**
 * Resolves the schedules of `learningRate` and of every group (see `toStepSize`).
 *
 * @example resolveStepSizes({ learningRate: { kind: 'geometric', from: 0.1, to: 0.01 } }, 1000);
 */
export function resolveStepSizes(options: StepSizeOptions, totalSteps?: number): { learningRate?: StepSize; groups: Record<string, GroupSettings> } {
  const groups: Record<string, GroupSettings> = {};
  for (const [name, g] of Object.entries(options.groups ?? {})) {
    groups[name] = {
      ...(g.learningRate === undefined ? {} : { learningRate: toStepSize(g.learningRate, totalSteps) }),
      ...(g.weightDecay === undefined ? {} : { weightDecay: g.weightDecay }),
      ...(g.frozen === undefined ? {} : { frozen: g.frozen }),
    };
  }
  return { ...(options.learningRate === undefined ? {} : { learningRate: toStepSize(options.learningRate, totalSteps) }), groups };
}

/**
 * Every parameter-group name an optimizer's options refer to, with where: the keys of `groups`
 * and the entries of `perturb.groups` and `perturb.of` (the shared contract, whatever the id).
 *
 * @example groupReferences({ groups: { W: { learningRate: 25 } }, perturb: { std: 1, of: ['W'] } });
 */
export function groupReferences(options: unknown): { where: string; name: string }[] {
  if (typeof options !== 'object' || options === null) return [];
  const o = options as { groups?: unknown; perturb?: unknown };
  const refs: { where: string; name: string }[] = [];
  if (typeof o.groups === 'object' && o.groups !== null) for (const name of Object.keys(o.groups)) refs.push({ where: `groups.${name}`, name });
  if (typeof o.perturb === 'object' && o.perturb !== null) {
    for (const field of ['groups', 'of'] as const) {
      const list = (o.perturb as Record<string, unknown>)[field];
      if (Array.isArray(list)) list.forEach((name, i) => typeof name === 'string' && refs.push({ where: `perturb.${field}[${i}]`, name }));
    }
  }
  return refs;
}

/**
 * Issues for group names in optimizer options that the parameters do not have (a typo would
 * otherwise silently freeze a group or perturb nothing).
 *
 * @example checkGroupNames({ groups: { bias: {} } }, ['W', 'b'], 'optimizer.options'); // one issue
 */
export function checkGroupNames(options: unknown, available: readonly string[], prefix = ''): InputIssue[] {
  return groupReferences(options)
    .filter((ref) => !available.includes(ref.name))
    .map((ref) => ({
      where: prefix === '' ? ref.where : `${prefix}.${ref.where}`,
      message: `'${ref.name}' is not a parameter group here (groups: ${available.join(', ')})`,
      value: ref.name,
    }));
}

/** Throws when the options name groups the parameters lack; called by optimizers' `init`. */
export function assertGroupNames(options: unknown, params: Params): void {
  const issues = checkGroupNames(options, Object.keys(params));
  if (issues.length > 0) throw new InputError('BAD_OPTION', 'Optimizer options name unknown parameter groups:', issues);
}
