import * as tf from '@tensorflow/tfjs-core';
import { foldIn, randomNormal, type Objective, type Params, type RandomKey } from '@derand/core';
import type { ProblemTensors } from '../distortion/problem-tensors.js';
import { samplerObjective, type SamplerFactor, type TemperatureHolder } from '../objective/sampler-objective.js';
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
  readonly lambda: number;
  readonly sigma0: number;
  /** M₀: zeros (the authors' start) or a Gaussian matrix. */
  readonly init: 'zeros' | 'gaussian';
  readonly key: RandomKey;
}

/**
 * Stage objectives of a sampler with the given random part: one {@link samplerObjective} (the
 * core's lemma objective, groups `W` and `b` = vec M) serves every stage, its temperature changed
 * between stages.
 *
 * @param rank - columns q of a `full` factor (default k·r).
 * @example const stages = samplerStages(tensors, 'isotropic', settings); const f = stages.at(0.1);
 */
export function samplerStages(tensors: ProblemTensors, factor: SamplerFactor, o: SamplerSettings, rank?: number): StageObjectives {
  const { k } = tensors;
  const r = tensors.problem.r;
  const temperature: TemperatureHolder = { value: o.temperature };
  const mean0 = tf.tidy(() => (o.init === 'zeros' ? tf.zeros<tf.Rank.R2>([k, r]) : randomNormal<tf.Rank.R2>(foldIn(o.key, 'M0'), [k, r])));
  let objective: Objective;
  try {
    objective = samplerObjective(tensors, {
      loss: o.loss,
      factor,
      ...(rank === undefined ? {} : { rank }),
      temperature,
      samples: o.samples,
      antithetic: o.antithetic,
      lambda: o.lambda,
      sigma0: o.sigma0,
      mean0,
      key: o.key,
    });
  } finally {
    mean0.dispose();
  }
  return {
    at: (tau) => {
      temperature.value = tau;
      return objective;
    },
    meanOf: (params) => tf.reshape<tf.Rank.R2>(params['b']!, [k, r]),
    spreadOf: (params) => {
      if (factor === 'none') return undefined;
      if (factor === 'isotropic') return Math.abs(params['W']!.dataSync()[0] ?? NaN);
      if (factor === 'diagonal') return tf.tidy(() => tf.max(tf.abs(params['W']!)).dataSync()[0] ?? NaN);
      return tf.tidy(() => tf.norm(params['W']!).dataSync()[0]! / Math.sqrt(k * r));
    },
    dispose: () => objective.dispose?.(),
  };
}
