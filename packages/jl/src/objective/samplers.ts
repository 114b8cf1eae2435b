import { definePlugin, z } from '@derand/registry';
import type { ProblemTensors } from '../distortion/problem-tensors.js';
import { samplerStages, type SamplerSettings, type StageObjectives } from '../fit/stage-objectives.js';

/**
 * How a JL fit samples the matrix it optimises (kind `jl-sampler`): A = M + (random part), the
 * lemma's objective with b = vec(M). A sampler builds the stage objectives of a fit and says
 * what it needs; a user's sampler can build its objectives with `samplerObjective` or the core's
 * `derandomizedObjective`.
 */
export interface JlSampler {
  readonly id: string;
  /** False for direct optimisation of A (no random part: no σ, and M₀ is Gaussian by default). */
  readonly random: boolean;
  /** The general factor needs a loss that is an expectation (reduce 'mean') and λ > 0. */
  readonly requires?: { readonly expectation?: boolean; readonly exactPairs?: boolean; readonly positiveLambda?: boolean };
  /** Step-size factor per parameter group (Adam moves every entry of W by about η: over q columns that is √q times the move of an isotropic σ). */
  stepScale?(k: number, r: number): Readonly<Record<string, number>>;
  objectives(tensors: ProblemTensors, settings: SamplerSettings): StageObjectives;
}

const none = z.object({}).strict();
const general = { expectation: true, positiveLambda: true } as const;

/** The built-in samplers as registry plugins. */
export const jlSamplerPlugins = [
  definePlugin({
    kind: 'jl-sampler',
    id: 'isotropic',
    summary: 'A = M + σE, E i.i.d. N(0, 1): the NeurIPS 2024 sampler (random part W = σI).',
    options: none,
    source: '@derand/jl',
    create: (): JlSampler => ({ id: 'isotropic', random: true, objectives: (tensors, settings) => samplerStages(tensors, 'isotropic', settings) }),
  }),
  definePlugin({
    kind: 'jl-sampler',
    id: 'diagonal',
    summary: 'A = M + S∘E: one standard deviation per entry (W = diag(vec S)).',
    options: none,
    source: '@derand/jl',
    create: (): JlSampler => ({ id: 'diagonal', random: true, objectives: (tensors, settings) => samplerStages(tensors, 'diagonal', settings) }),
  }),
  definePlugin({
    kind: 'jl-sampler',
    id: 'full',
    summary: "The paper's general sampler vec(A) = vec(M) + Wz with a full k·r × k·r factor W.",
    options: none,
    source: '@derand/jl',
    create: (): JlSampler => ({
      id: 'full',
      random: true,
      requires: general,
      stepScale: (k, r) => ({ W: 1 / Math.sqrt(k * r) }),
      objectives: (tensors, settings) => samplerStages(tensors, 'full', settings),
    }),
  }),
  definePlugin({
    kind: 'jl-sampler',
    id: 'lowrank',
    summary: 'The general sampler with a low-rank factor W (k·r × q).',
    options: z.object({ rank: z.number().int().positive().optional().meta({ flag: 'rank' }).describe('columns q of W (when absent: k)') }).strict(),
    source: '@derand/jl',
    create: (o): JlSampler => ({
      id: 'lowrank',
      random: true,
      requires: general,
      stepScale: (k) => ({ W: 1 / Math.sqrt(o.rank ?? k) }),
      objectives: (tensors, settings) => samplerStages(tensors, 'full', settings, o.rank ?? tensors.k),
    }),
  }),
  definePlugin({
    kind: 'jl-sampler',
    id: 'direct',
    summary: 'Direct optimisation of A (no sampler): the ablation.',
    options: none,
    source: '@derand/jl',
    create: (): JlSampler => ({ id: 'direct', random: false, objectives: (tensors, settings) => samplerStages(tensors, 'none', settings) }),
  }),
] as const;
