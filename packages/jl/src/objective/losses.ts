import * as tf from '@tensorflow/tfjs-core';
import { definePlugin, z } from '@derand/registry';
import type { DistortionBatch } from '../distortion/distortion-batch.js';
import { maxDistortion, smoothMaxDistortion, violationProbability } from './reducers.js';

/**
 * A JL loss g of the distortions of sampled matrices (kind `jl-loss`): one value per sampled
 * matrix (`perSample`), combined over the samples by `reduce`. 'mean' (the default) makes the
 * objective the lemma's expectation E_z[g]; 'max' (the authors' batch max) is not an
 * expectation, so the objective states that the lemma's bound does not apply and samplers that
 * need an expectation (the general factor) refuse it.
 */
export interface JlLoss {
  readonly id: string;
  /** Name with parameters, for results. */
  readonly label: string;
  /** g per sampled matrix: [S] values from the batch at temperature τ. */
  perSample(batch: DistortionBatch, temperature: number): tf.Tensor1D;
  /** How the samples' values combine (default 'mean'). */
  readonly reduce?: 'mean' | 'max';
  /**
   * For a loss that is φ(smax_τ(δ)) per sample: φ and φ' of the smooth max ([S] each), which
   * gives the objective a fused first-order pass (no tape; see `fusedDistortionLoss`). Must agree
   * with `perSample`; second-order work still differentiates `perSample`.
   */
  readonly ofSmoothMax?: (smax: tf.Tensor1D) => { readonly value: tf.Tensor1D; readonly slope: tf.Tensor1D };
}

/** The built-in loss names (what the string shorthand of the objectives accepts). */
export type JlLossKind = 'smooth-max' | 'violation' | 'batch-max';

const smoothMax: JlLoss = { id: 'smooth-max', label: 'smooth-max', perSample: smoothMaxDistortion, ofSmoothMax: (smax) => ({ value: smax, slope: tf.onesLike(smax) }) };
const batchMax: JlLoss = { id: 'batch-max', label: 'batch-max', perSample: (batch) => maxDistortion(batch), reduce: 'max' };

/** The violation loss σ((smax_τ(δ) − ε)/w). */
export function violationLoss(epsilon = 0.2, width = epsilon / 4): JlLoss {
  return {
    id: 'violation',
    label: `violation(ε=${epsilon}, w=${width})`,
    perSample: (batch, tau) => violationProbability(batch, tau, epsilon, width),
    // σ(u) and σ'(u)/w = σ(u)σ(−u)/w, u = (smax − ε)/w (σ(−u) keeps its precision where σ(u) rounds to 1)
    ofSmoothMax: (smax) => {
      const u = tf.div<tf.Tensor1D>(tf.sub(smax, epsilon), width);
      const value = tf.sigmoid(u);
      return { value, slope: tf.div<tf.Tensor1D>(tf.mul(value, tf.sigmoid(tf.neg(u))), width) };
    },
  };
}

/**
 * The loss object of a built-in name (violation with its default ε = 0.2), or the object itself.
 *
 * @example jlLossOf('batch-max').reduce; // 'max'
 */
export function jlLossOf(loss: JlLossKind | JlLoss): JlLoss {
  if (typeof loss !== 'string') return loss;
  return loss === 'smooth-max' ? smoothMax : loss === 'batch-max' ? batchMax : violationLoss();
}

/** The built-in JL losses as registry plugins. */
export const jlLossPlugins = [
  definePlugin({
    kind: 'jl-loss',
    id: 'smooth-max',
    summary: 'Smooth max of |δ| over the items: the log-sum-exp of ±δ at temperature τ (annealed).',
    options: z.object({}).strict(),
    source: '@derand/jl',
    create: (): JlLoss => smoothMax,
  }),
  definePlugin({
    kind: 'jl-loss',
    id: 'violation',
    summary: "The paper's smoothed probability that the worst distortion exceeds ε: σ((smax_τ(δ) − ε)/w).",
    options: z
      .object({
        epsilon: z.number().positive().default(0.2).meta({ flag: 'epsilon' }).describe('threshold ε'),
        width: z.number().positive().optional().meta({ flag: 'width' }).describe('step width w (when absent: ε/4)'),
      })
      .strict(),
    source: '@derand/jl',
    create: (o): JlLoss => violationLoss(o.epsilon, o.width ?? o.epsilon / 4),
  }),
  definePlugin({
    kind: 'jl-loss',
    id: 'batch-max',
    summary: "The authors' code: the max of |δ| over the whole sampled batch (not an expectation; no lemma bound).",
    options: z.object({}).strict(),
    source: '@derand/jl',
    create: (): JlLoss => batchMax,
  }),
] as const;
