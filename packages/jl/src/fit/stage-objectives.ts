import * as tf from '@tensorflow/tfjs-core';
import { disposeParams, foldIn, randomNormal, type Objective, type Params, type RandomKey } from '@derand/core';
import type { ProblemTensors } from '../distortion/problem-tensors.js';
import { generalSamplerObjective, type TemperatureHolder } from '../objective/general-sampler.js';
import { initialJlParams, jlObjective, type SamplerKind } from '../objective/jl-objective.js';
import type { JlLoss } from '../objective/losses.js';

/** The objective of each annealing stage, and how to read M and the spread off the parameters. */
export interface StageObjectives {
  /** The objective at temperature τ (valid until the next call). */
  at(temperature: number): Objective;
  /** The deterministic matrix M (k × r) of the parameters, as a new tensor. */
  meanOf(params: Params): tf.Tensor2D;
  /**
   * The sampler's spread: |σ| (isotropic), max|S| (diagonal), ‖W‖_F/√(k·r) (full, low rank: the
   * σ of the isotropic sampler with the same total variance); undefined for direct optimisation.
   */
  spreadOf(params: Params): number | undefined;
  dispose(): void;
}

/** What a sampler needs to build the stage objectives of a fit. */
export interface SamplerSettings {
  readonly loss: JlLoss;
  /** τ of the first stage. */
  readonly temperature: number;
  readonly samples: number;
  readonly antithetic: boolean;
  readonly sampling: 'fresh' | 'fixed';
  readonly lambda: number;
  readonly sigma0: number;
  /** M₀: zeros (the authors' start) or a Gaussian matrix. */
  readonly init: 'zeros' | 'gaussian';
  readonly key: RandomKey;
}

/**
 * Stage objectives of the direct, isotropic and diagonal samplers: a new `jlObjective` per
 * stage sharing the initial parameters.
 *
 * @example const stages = entrywiseStages(tensors, 'isotropic', settings); const f = stages.at(0.1);
 */
export function entrywiseStages(tensors: ProblemTensors, sampler: SamplerKind, o: SamplerSettings): StageObjectives {
  const { k } = tensors;
  const r = tensors.problem.r;
  const init = initialJlParams(k, r, { sampler, mean: o.init, sigma0: o.sigma0, key: o.key });
  const common = { loss: o.loss, sampler, samples: o.samples, antithetic: o.antithetic, lambda: o.lambda, init } as const;
  return {
    at: (tau) => jlObjective(tensors, { ...common, temperature: tau }),
    meanOf: (params) => tf.clone(params['M'] as tf.Tensor2D),
    spreadOf: (params) => {
      if (sampler === 'isotropic') return Math.abs(params['sigma']!.dataSync()[0] ?? NaN);
      if (sampler === 'diagonal') return tf.tidy(() => tf.max(tf.abs(params['S']!)).dataSync()[0] ?? NaN);
      return undefined;
    },
    dispose: () => disposeParams(init),
  };
}

/**
 * Stage objectives of the general factor vec(A) = vec(M) + Wz with q columns: one
 * `generalSamplerObjective` (the core's lemma objective) serves every stage, its temperature
 * changed between stages (never during a `minimize` call).
 *
 * @example const stages = factorStages(tensors, 30 * 99, settings);
 */
export function factorStages(tensors: ProblemTensors, q: number, o: SamplerSettings): StageObjectives {
  const { k } = tensors;
  const r = tensors.problem.r;
  const temperature: TemperatureHolder = { value: o.temperature };
  const mean0 = tf.tidy(() => (o.init === 'zeros' ? tf.zeros<tf.Rank.R2>([k, r]) : randomNormal<tf.Rank.R2>(foldIn(o.key, 'M0'), [k, r])));
  const objective = generalSamplerObjective(tensors, {
    loss: o.loss,
    temperature,
    samples: o.samples,
    mode: o.antithetic ? 'antithetic' : o.sampling,
    lambda: o.lambda,
    rank: q,
    sigma0: o.sigma0,
    mean0,
    key: o.key,
  });
  mean0.dispose();
  return {
    at: (tau) => {
      temperature.value = tau;
      return objective;
    },
    meanOf: (params) => tf.reshape<tf.Rank.R2>(params['b']!, [k, r]),
    spreadOf: (params) => tf.tidy(() => tf.norm(params['W']!).dataSync()[0]! / Math.sqrt(k * r)),
    dispose: () => objective.dispose?.(),
  };
}
