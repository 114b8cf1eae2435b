import { definePlugin, z } from '@derand/registry';
import { hessianDescent } from './hessian-descent.js';
import { optimizerBaseShape, perturbSchema, resolveStepSizes } from './optimizer-options.js';
import { adam, AUTHORS_PERTURBATION, authorsPerturbation, gradientDescent, sgdMomentum, type PerturbationOptions } from './optimizers.js';
import { perturbedGradientDescent, perturbedSgd } from './perturbed-gradient-descent.js';
import { stepSizeSchema, toStepSize } from './schedules.js';

const positive = z.number().positive();
const withoutUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const firstOrderShape = { ...optimizerBaseShape, perturb: perturbSchema.optional().describe('noise near stationary points (optional)') };

/** The paper code's perturbation, each field defaulting to its value there. */
const authorsPerturbSchema = z
  .object({
    std: positive.default(AUTHORS_PERTURBATION.std).describe('noise standard deviation'),
    threshold: positive.default(AUTHORS_PERTURBATION.threshold).describe('perturb when the gradient norm over `of` is below this'),
    groups: z.array(z.string()).default([...AUTHORS_PERTURBATION.groups]).describe('groups that receive noise'),
    of: z.array(z.string()).default([...AUTHORS_PERTURBATION.of]).describe('groups whose gradient norm is watched'),
  })
  .strict();

const pgdCommon = { groups: optimizerBaseShape.groups, terminate: z.boolean().default(true).describe('stop at the escape test (Jin rule 2); false runs the full budget') };
const pgdOptions = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('derived'),
      ...pgdCommon,
      L: positive.describe('gradient Lipschitz constant (η = c/L)'),
      K: positive.describe('Hessian Lipschitz constant'),
      rho: positive.describe('target precision ρ'),
      delta: positive.max(1).default(0.1),
      deltaF: positive.default(1).describe('Δ_f ≥ f(z₀) − f*'),
      c: positive.default(1),
    })
    .strict()
    .describe('thresholds derived from L, K, ρ as in Jin et al. 2017 (the step size is c/L)'),
  z
    .object({
      mode: z.literal('thresholds'),
      ...pgdCommon,
      learningRate: stepSizeSchema.describe('step size η'),
      radius: positive.describe('radius r of the uniform-in-ball perturbation'),
      gThres: positive.describe('perturb when ‖∇f‖ ≤ g_thres'),
      fThres: positive.describe('required decrease after a perturbation'),
      tThres: z.number().int().positive().describe('steps between perturbations and before the escape test'),
    })
    .strict(),
]);
type PgdOptions = z.output<typeof pgdOptions>;

function pgdArguments(o: PgdOptions, totalSteps: number | undefined) {
  const { groups } = resolveStepSizes({ ...(o.groups === undefined ? {} : { groups: o.groups }) }, totalSteps);
  if (o.mode === 'derived') {
    const { terminate, groups: _g, ...derived } = o;
    return { options: { ...derived, groups }, terminate };
  }
  const { terminate, groups: _g, learningRate, ...thresholds } = o;
  return { options: { ...thresholds, learningRate: toStepSize(learningRate, totalSteps), groups }, terminate };
}

const perturbOf = (p: z.output<typeof perturbSchema> | undefined): { perturb?: PerturbationOptions } => (p === undefined ? {} : { perturb: withoutUndefined(p) as PerturbationOptions });

/**
 * Every optimizer of the core as a registry plugin (kind 'optimizer'). All share one option
 * contract: `learningRate` (a number or a schedule), `groups` (per-group step size, weight
 * decay, frozen), then their own knobs.
 */
export const optimizerPlugins = [
  definePlugin({
    kind: 'optimizer',
    id: 'gd',
    summary: 'Gradient descent with per-group step sizes, weight decay and frozen groups, optionally perturbed.',
    options: z.object(firstOrderShape).strict(),
    source: '@derand/core',
    create: (o, context) => gradientDescent({ ...resolveStepSizes(o, context?.totalSteps), ...perturbOf(o.perturb) }),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'pgd',
    summary: 'Perturbed gradient descent exactly as Jin et al. 2017 (derived constants or explicit thresholds).',
    options: pgdOptions,
    source: '@derand/core',
    create: (o, context) => {
      const { options, terminate } = pgdArguments(o, context?.totalSteps);
      return perturbedGradientDescent(options, { terminate });
    },
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'perturbed-sgd',
    summary: 'Perturbed SGD: the PGD escape logic with stochastic gradients (common-sample escape test).',
    options: pgdOptions,
    source: '@derand/core',
    create: (o, context) => {
      const { options, terminate } = pgdArguments(o, context?.totalSteps);
      return perturbedSgd(options, { terminate });
    },
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'authors-pgd',
    summary: "The paper code's variant: gradient steps plus N(0, std²) noise on chosen groups when a watched gradient norm < ε.",
    options: z.object({ ...optimizerBaseShape, perturb: authorsPerturbSchema.default({ ...AUTHORS_PERTURBATION, groups: [...AUTHORS_PERTURBATION.groups], of: [...AUTHORS_PERTURBATION.of] }) }).strict(),
    source: '@derand/core',
    create: (o, context) => authorsPerturbation({ ...resolveStepSizes(o, context?.totalSteps), perturb: o.perturb }),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'sgd-momentum',
    summary: 'SGD with heavy-ball or Nesterov momentum, optionally perturbed.',
    options: z.object({ ...firstOrderShape, momentum: z.number().min(0).max(1).default(0.9), nesterov: z.boolean().default(false) }).strict(),
    source: '@derand/core',
    create: (o, context) => sgdMomentum({ ...resolveStepSizes(o, context?.totalSteps), ...perturbOf(o.perturb), momentum: o.momentum, nesterov: o.nesterov }),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'adam',
    summary: 'Adam (Kingma & Ba 2015), per-group step sizes, optionally perturbed.',
    options: z.object({ ...firstOrderShape, b1: z.number().min(0).max(1).default(0.9), b2: z.number().min(0).max(1).default(0.999), eps: positive.default(1e-8) }).strict(),
    source: '@derand/core',
    create: (o, context) => adam({ ...resolveStepSizes(o, context?.totalSteps), ...perturbOf(o.perturb), b1: o.b1, b2: o.b2, eps: o.eps }),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'hessian-descent',
    summary: 'Hessian descent: a negative-curvature step (Lanczos) when λ_min < −√(Kρ), else a gradient step.',
    options: z
      .object({
        learningRate: stepSizeSchema.describe('gradient step size η'),
        groups: optimizerBaseShape.groups,
        K: positive.describe('Hessian Lipschitz constant (threshold −√(Kρ), curvature step 2|λ|/K)'),
        rho: positive.describe('target precision ρ'),
        lanczosSteps: z.number().int().min(2).default(20),
        terminate: z.boolean().default(true),
      })
      .strict(),
    source: '@derand/core',
    create: (o, context) => {
      const resolved = resolveStepSizes(o, context?.totalSteps);
      return hessianDescent({ ...o, learningRate: resolved.learningRate!, groups: resolved.groups });
    },
  }),
] as const;
