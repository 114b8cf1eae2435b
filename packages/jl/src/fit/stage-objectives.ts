import * as tf from '@tensorflow/tfjs-core';
import { disposeParams, foldIn, randomNormal, type Objective, type Params, type RandomKey } from '@derand/core';
import type { ProblemTensors } from '../distortion/problem-tensors.js';
import { generalSamplerObjective, type TemperatureHolder } from '../objective/general-sampler.js';
import { initialJlParams, jlObjective } from '../objective/jl-objective.js';
import type { ResolvedFitOptions } from './fit-options.js';

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

/**
 * Builds the stage objectives of a fit. For `direct`, `isotropic` and `diagonal` a new
 * `jlObjective` per stage shares the initial parameters; for `full` and `lowrank` one
 * `generalSamplerObjective` (the core's lemma objective) serves every stage, its temperature
 * changed between stages (never during a `minimize` call).
 *
 * @example const stages = stageObjectives(tensors, resolved, foldIn(root, 'init')); const f = stages.at(0.1);
 */
export function stageObjectives(tensors: ProblemTensors, o: ResolvedFitOptions, key: RandomKey): StageObjectives {
  const { k } = tensors;
  const r = tensors.problem.r;
  if (o.method === 'full' || o.method === 'lowrank') {
    const temperature: TemperatureHolder = { value: o.temperature };
    const mean0 = tf.tidy(() => (o.init === 'zeros' ? tf.zeros<tf.Rank.R2>([k, r]) : randomNormal<tf.Rank.R2>(foldIn(key, 'M0'), [k, r])));
    const objective = generalSamplerObjective(tensors, {
      loss: o.loss === 'violation' ? 'violation' : 'smooth-max',
      temperature,
      epsilon: o.epsilon,
      width: o.width,
      samples: o.samples,
      mode: o.antithetic ? 'antithetic' : o.sampling,
      lambda: o.lambda,
      rank: o.method === 'full' ? k * r : o.rank,
      sigma0: o.sigma0,
      mean0,
      key,
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
  const init = initialJlParams(k, r, { sampler: o.method, mean: o.init, sigma0: o.sigma0, key });
  const common = { loss: o.loss, sampler: o.method, samples: o.samples, antithetic: o.antithetic, lambda: o.lambda, epsilon: o.epsilon, width: o.width, init } as const;
  return {
    at: (tau) => jlObjective(tensors, { ...common, temperature: tau }),
    meanOf: (params) => tf.clone(params['M'] as tf.Tensor2D),
    spreadOf: (params) => {
      if (o.method === 'isotropic') return Math.abs(params['sigma']!.dataSync()[0] ?? NaN);
      if (o.method === 'diagonal') return tf.tidy(() => tf.max(tf.abs(params['S']!)).dataSync()[0] ?? NaN);
      return undefined;
    },
    dispose: () => disposeParams(init),
  };
}
