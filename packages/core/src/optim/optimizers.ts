import { InputError } from '@derand/registry';
import { assertGroupNames, type GroupSettings } from './optimizer-options.js';
import { ADAM_DEFAULTS, addDecayedWeights, addNoise, chain, freeze, perGroup, scaleByAdam, scaleByLearningRate, traceMomentum, type NoiseTrigger } from './transforms.js';
import type { GradientTransformation, StepSize } from '../params/types.js';

export type { GroupSettings } from './optimizer-options.js';

/** Optional perturbation: N(0, std²) noise on `groups` when ‖∇f‖ over `of` < threshold. */
export interface PerturbationOptions {
  readonly std: number;
  readonly threshold?: number;
  readonly groups?: readonly string[];
  readonly of?: readonly string[];
}

/** Options shared by the named first-order optimizers (the core's one optimizer contract). */
export interface FirstOrderOptions {
  /** η (or a schedule of the step) for every group without its own; absent: such groups are frozen. */
  readonly learningRate?: StepSize;
  /** Per-group overrides: step size, weight decay, frozen. */
  readonly groups?: Readonly<Record<string, GroupSettings>>;
  /** Optional perturbation near stationary points. */
  readonly perturb?: PerturbationOptions;
}

function perturbation(p: PerturbationOptions | undefined): GradientTransformation<unknown>[] {
  if (p === undefined) return [];
  const when: NoiseTrigger = p.threshold === undefined ? 'always' : { gradNormBelow: p.threshold, ...(p.of === undefined ? {} : { of: p.of }) };
  return [addNoise({ std: p.std, when, ...(p.groups === undefined ? {} : { groups: p.groups }) })];
}

/**
 * `base(η_g)` on each group g, with η_g the group's own step size or the default; weight decay
 * and frozen groups per {@link GroupSettings}; groups with no step size at all are frozen.
 */
function groupwise(base: (lr: StepSize) => GradientTransformation<unknown>, options: FirstOrderOptions): GradientTransformation<unknown> {
  const perGroupTransforms: Record<string, GradientTransformation<unknown>> = {};
  for (const [name, s] of Object.entries(options.groups ?? {})) {
    const lr = s.learningRate ?? options.learningRate;
    if (s.frozen === true || lr === undefined) {
      perGroupTransforms[name] = freeze();
      continue;
    }
    perGroupTransforms[name] = chain(...(s.weightDecay !== undefined && s.weightDecay !== 0 ? [addDecayedWeights({ rate: s.weightDecay })] : []), base(lr));
  }
  return perGroup(perGroupTransforms, options.learningRate === undefined ? undefined : base(options.learningRate));
}

/** Checks the group names at `init` (a typo would freeze a group) and that something trains. */
function checked<S>(options: FirstOrderOptions, transform: GradientTransformation<S>): GradientTransformation<S> {
  return {
    init: (params) => {
      assertGroupNames(options, params);
      const moving = Object.keys(params).some((name) => {
        const s = options.groups?.[name];
        return s?.frozen !== true && (s?.learningRate ?? options.learningRate) !== undefined;
      });
      if (!moving) {
        throw new InputError('BAD_OPTION', 'The optimizer would train nothing:', [
          { where: 'learningRate', message: `no step size for any of the groups ${Object.keys(params).join(', ')}; give learningRate or groups.<name>.learningRate` },
        ]);
      }
      return transform.init(params);
    },
    update: (grads, state, context) => transform.update(grads, state, context),
  };
}

/**
 * Gradient descent p ← p − η_g(∇_g f + wd_g·p) per group g, optionally perturbed.
 *
 * @example gradientDescent({ learningRate: 0.1, groups: { W: { learningRate: 25, weightDecay: 2e-5 }, a: { frozen: true } } })
 */
export function gradientDescent(options: FirstOrderOptions): GradientTransformation<unknown> {
  return checked(options, chain(groupwise((lr) => scaleByLearningRate(lr), options), ...perturbation(options.perturb)));
}

/** SGD with heavy-ball (or Nesterov) momentum β: m ← βm + ∇f, p ← p − ηm. */
export function sgdMomentum(options: FirstOrderOptions & { readonly momentum?: number; readonly nesterov?: boolean }): GradientTransformation<unknown> {
  const momentum = traceMomentum({ decay: options.momentum ?? 0.9, nesterov: options.nesterov ?? false }) as GradientTransformation<unknown>;
  return checked(options, chain(groupwise((lr) => chain(momentum, scaleByLearningRate(lr)), options), ...perturbation(options.perturb)));
}

/**
 * Adam (Kingma & Ba 2015) with per-group step sizes and optional perturbation. Plain Adam (one
 * constant step size, no groups, no perturbation) carries its constants as `plainAdam`.
 */
export function adam(options: FirstOrderOptions & { readonly b1?: number; readonly b2?: number; readonly eps?: number }): GradientTransformation<unknown> {
  const adamOptions = {
    ...(options.b1 === undefined ? {} : { b1: options.b1 }),
    ...(options.b2 === undefined ? {} : { b2: options.b2 }),
    ...(options.eps === undefined ? {} : { eps: options.eps }),
  };
  const transform = checked(options, chain(groupwise((lr) => chain(scaleByAdam(adamOptions), scaleByLearningRate(lr)), options), ...perturbation(options.perturb)));
  const plain = typeof options.learningRate === 'number' && Object.keys(options.groups ?? {}).length === 0 && options.perturb === undefined;
  return plain
    ? { ...transform, plainAdam: { learningRate: options.learningRate, b1: options.b1 ?? ADAM_DEFAULTS.b1, b2: options.b2 ?? ADAM_DEFAULTS.b2, eps: options.eps ?? ADAM_DEFAULTS.eps } }
    : transform;
}

/** The paper code's perturbation: N(0, 0.005²) on W and b whenever ‖∇_W f‖ < 1e-6. */
export const AUTHORS_PERTURBATION: Required<PerturbationOptions> = { std: 0.005, threshold: 1e-6, groups: ['W', 'b'], of: ['W'] };

/**
 * The perturbed gradient descent of the paper's public code: plain gradient steps per group
 * (groups without a step size are frozen), plus N(0, 0.005²) noise on W and b whenever
 * ‖∇_W f‖ < 1e-6 (no ball, no waiting period, no termination test). It is
 * {@link gradientDescent} with {@link AUTHORS_PERTURBATION} as its default perturbation.
 *
 * @example authorsPerturbation({ groups: { W: { learningRate: 25.3 }, b: { learningRate: 250 } } })
 */
export function authorsPerturbation(options: FirstOrderOptions): GradientTransformation<unknown> {
  return gradientDescent({ ...options, perturb: { ...AUTHORS_PERTURBATION, ...options.perturb } });
}
