import { definePlugin, z } from '@derand/registry';
import { hessianDescent } from './hessian-descent.js';
import { adam, authorsPerturbation, gradientDescent, sgdMomentum } from './optimizers.js';
import { perturbedGradientDescent, perturbedSgd } from './perturbed-gradient-descent.js';

const positive = z.number().positive();
const groupSettings = z
  .record(
    z.string(),
    z.object({ learningRate: positive.optional(), weightDecay: z.number().min(0).optional(), frozen: z.boolean().optional() }).strict(),
  )
  .optional()
  .describe('per-group step size, weight decay, or frozen');
const perturb = z
  .object({
    std: positive.describe('noise standard deviation'),
    threshold: positive.optional().describe('perturb only when the gradient norm is below this'),
    groups: z.array(z.string()).optional(),
    of: z.array(z.string()).optional().describe('groups whose gradient norm is watched'),
  })
  .strict()
  .optional();
const firstOrder = { learningRate: positive.describe('step size η'), groups: groupSettings, perturb };

const strip = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const pgdOptions = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('derived'),
      L: positive.describe('gradient Lipschitz constant'),
      K: positive.describe('Hessian Lipschitz constant'),
      rho: positive.describe('target precision ρ'),
      delta: positive.max(1).default(0.1),
      deltaF: positive.default(1).describe('Δ_f ≥ f(z₀) − f*'),
      c: positive.default(1),
      terminate: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      mode: z.literal('thresholds'),
      learningRate: positive,
      radius: positive,
      gThres: positive,
      fThres: positive,
      tThres: z.number().int().positive(),
      terminate: z.boolean().default(true),
    })
    .strict(),
]);

/** Every optimizer of the core as a registry plugin (kind 'optimizer'). */
export const optimizerPlugins = [
  definePlugin({
    kind: 'optimizer',
    id: 'gd',
    summary: 'Gradient descent with per-group step sizes, weight decay and frozen groups.',
    options: z.object(firstOrder).strict(),
    source: '@derand/core',
    create: (o) => gradientDescent(strip(o) as Parameters<typeof gradientDescent>[0]),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'pgd',
    summary: 'Perturbed gradient descent exactly as Jin et al. 2017 (derived constants or explicit thresholds).',
    options: pgdOptions,
    source: '@derand/core',
    create: ({ terminate, ...o }) => perturbedGradientDescent(o, { terminate }),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'perturbed-sgd',
    summary: 'Perturbed SGD: the PGD escape logic with stochastic gradients (common-sample escape test).',
    options: pgdOptions,
    source: '@derand/core',
    create: ({ terminate, ...o }) => perturbedSgd(o, { terminate }),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'authors-pgd',
    summary: "The paper code's variant: gradient steps plus N(0, std²) noise on chosen groups when a watched gradient norm < ε.",
    options: z
      .object({
        learningRates: z.record(z.string(), positive).describe('step size per group; unlisted groups are frozen'),
        weightDecay: z.record(z.string(), z.number().min(0)).optional(),
        noiseStd: positive.default(0.005),
        threshold: positive.default(1e-6),
        watch: z.array(z.string()).default(['W']),
        perturb: z.array(z.string()).default(['W', 'b']),
      })
      .strict(),
    source: '@derand/core',
    create: (o) => authorsPerturbation(strip(o) as Parameters<typeof authorsPerturbation>[0]),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'sgd-momentum',
    summary: 'SGD with heavy-ball or Nesterov momentum, optionally perturbed.',
    options: z.object({ ...firstOrder, momentum: z.number().min(0).max(1).default(0.9), nesterov: z.boolean().default(false) }).strict(),
    source: '@derand/core',
    create: (o) => sgdMomentum(strip(o) as Parameters<typeof sgdMomentum>[0]),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'adam',
    summary: 'Adam (Kingma & Ba 2015), per-group step sizes, optionally perturbed.',
    options: z
      .object({ ...firstOrder, b1: z.number().min(0).max(1).default(0.9), b2: z.number().min(0).max(1).default(0.999), eps: positive.default(1e-8) })
      .strict(),
    source: '@derand/core',
    create: (o) => adam(strip(o) as Parameters<typeof adam>[0]),
  }),
  definePlugin({
    kind: 'optimizer',
    id: 'hessian-descent',
    summary: 'Hessian descent: a negative-curvature step (Lanczos) when λ_min < −√(Kρ), else a gradient step.',
    options: z
      .object({
        learningRate: positive,
        K: positive,
        rho: positive,
        lanczosSteps: z.number().int().min(2).default(20),
        terminate: z.boolean().default(true),
      })
      .strict(),
    source: '@derand/core',
    create: (o) => hessianDescent(o),
  }),
] as const;
