import { addDecayedWeights, addNoise, chain, freeze, perGroup, scaleByAdam, scaleByLearningRate, traceMomentum, type NoiseTrigger } from './transforms.js';
import type { GradientTransformation, StepSize } from './types.js';

/** Per-group settings: own step size, weight decay, or frozen. */
export interface GroupSettings {
  readonly learningRate?: StepSize;
  /** Adds rate·p to the gradient (the gradient of (rate/2)‖p‖²). */
  readonly weightDecay?: number;
  /** Frozen groups receive no update. */
  readonly frozen?: boolean;
}

/** Optional perturbation for the baselines: N(0, std²) noise on `groups` when ‖∇f‖ over `of` < threshold. */
export interface PerturbationOptions {
  readonly std: number;
  readonly threshold?: number;
  readonly groups?: readonly string[];
  readonly of?: readonly string[];
}

function perturbation(p: PerturbationOptions | undefined): GradientTransformation<unknown>[] {
  if (p === undefined) return [];
  const when: NoiseTrigger = p.threshold === undefined ? 'always' : { gradNormBelow: p.threshold, ...(p.of === undefined ? {} : { of: p.of }) };
  return [addNoise({ std: p.std, when, ...(p.groups === undefined ? {} : { groups: p.groups }) })];
}

function groupwise(
  base: (lr: StepSize) => GradientTransformation<unknown>,
  learningRate: StepSize,
  groups: Readonly<Record<string, GroupSettings>> | undefined,
): GradientTransformation<unknown> {
  const settings = groups ?? {};
  const perGroupTransforms: Record<string, GradientTransformation<unknown>> = {};
  for (const [name, s] of Object.entries(settings)) {
    if (s.frozen === true) {
      perGroupTransforms[name] = freeze();
      continue;
    }
    const parts: GradientTransformation<unknown>[] = [];
    if (s.weightDecay !== undefined && s.weightDecay !== 0) parts.push(addDecayedWeights({ rate: s.weightDecay }));
    parts.push(base(s.learningRate ?? learningRate));
    perGroupTransforms[name] = chain(...parts);
  }
  return perGroup(perGroupTransforms, base(learningRate));
}

/** Options shared by the named first-order optimizers. */
export interface FirstOrderOptions {
  /** η (or a schedule of the step). */
  readonly learningRate: StepSize;
  /** Per-group overrides: step size, weight decay, frozen. */
  readonly groups?: Readonly<Record<string, GroupSettings>>;
  /** Optional perturbation near stationary points. */
  readonly perturb?: PerturbationOptions;
}

/**
 * Gradient descent p ← p − η_g(∇_g f + wd_g·p) per group g.
 *
 * @example gradientDescent({ learningRate: 0.1, groups: { W: { learningRate: 25, weightDecay: 2e-5 }, a: { frozen: true } } })
 */
export function gradientDescent(options: FirstOrderOptions): GradientTransformation<unknown> {
  return chain(groupwise((lr) => scaleByLearningRate(lr), options.learningRate, options.groups), ...perturbation(options.perturb));
}

/** SGD with heavy-ball (or Nesterov) momentum β: m ← βm + ∇f, p ← p − ηm. */
export function sgdMomentum(options: FirstOrderOptions & { readonly momentum?: number; readonly nesterov?: boolean }): GradientTransformation<unknown> {
  const momentum = traceMomentum({ decay: options.momentum ?? 0.9, nesterov: options.nesterov ?? false }) as GradientTransformation<unknown>;
  return chain(
    groupwise((lr) => chain(momentum, scaleByLearningRate(lr)), options.learningRate, options.groups),
    ...perturbation(options.perturb),
  );
}

/** Adam (Kingma & Ba 2015) with per-group step sizes and optional perturbation. */
export function adam(options: FirstOrderOptions & { readonly b1?: number; readonly b2?: number; readonly eps?: number }): GradientTransformation<unknown> {
  const adamOptions = {
    ...(options.b1 === undefined ? {} : { b1: options.b1 }),
    ...(options.b2 === undefined ? {} : { b2: options.b2 }),
    ...(options.eps === undefined ? {} : { eps: options.eps }),
  };
  return chain(
    groupwise(
      (lr) => chain(scaleByAdam(adamOptions), scaleByLearningRate(lr)),
      options.learningRate,
      options.groups,
    ),
    ...perturbation(options.perturb),
  );
}

export interface AuthorsPerturbationOptions {
  /** Step size per group (groups not listed are frozen), e.g. { W: 25.3, b: 62.5 }. */
  readonly learningRates: Readonly<Record<string, StepSize>>;
  /** Weight decay per group (the code's W ← W − η(∇W + λW)). */
  readonly weightDecay?: Readonly<Record<string, number>>;
  /** Noise std (default 0.005). */
  readonly noiseStd?: number;
  /** Perturb when ‖∇f‖ over `watch` is below this (default 1e-6). */
  readonly threshold?: number;
  /** Groups whose gradient norm is watched (default ['W']). */
  readonly watch?: readonly string[];
  /** Groups perturbed (default ['W', 'b']). */
  readonly perturb?: readonly string[];
}

/**
 * The perturbed gradient descent of the paper's public code: plain gradient steps per group,
 * plus N(0, 0.005²) noise on W and b whenever ‖∇_W f‖ < ε (no ball, no waiting period, no
 * termination test).
 */
export function authorsPerturbation(options: AuthorsPerturbationOptions): GradientTransformation<unknown> {
  const groups: Record<string, GroupSettings> = {};
  for (const [name, lr] of Object.entries(options.learningRates)) {
    const decay = options.weightDecay?.[name];
    groups[name] = decay === undefined ? { learningRate: lr } : { learningRate: lr, weightDecay: decay };
  }
  const perGroupTransforms: Record<string, GradientTransformation<unknown>> = {};
  for (const [name, s] of Object.entries(groups)) {
    const parts: GradientTransformation<unknown>[] = [];
    if (s.weightDecay !== undefined) parts.push(addDecayedWeights({ rate: s.weightDecay }));
    parts.push(scaleByLearningRate(s.learningRate ?? 0));
    perGroupTransforms[name] = chain(...parts);
  }
  return chain(
    perGroup(perGroupTransforms),
    addNoise({
      std: options.noiseStd ?? 0.005,
      groups: options.perturb ?? ['W', 'b'],
      when: { gradNormBelow: options.threshold ?? 1e-6, of: options.watch ?? ['W'] },
    }),
  );
}
