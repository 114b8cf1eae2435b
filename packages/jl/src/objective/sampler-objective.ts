import * as tf from '@tensorflow/tfjs-core';
import { derandomizedObjective, foldIn, keyFromSeed, randomNormal, type Objective, type RandomKey } from '@derand/core';
import { InputError } from '@derand/registry';
import { distortionBatch } from '../distortion/distortion-batch.js';
import type { ProblemTensors } from '../distortion/problem-tensors.js';
import { fusedIsotropicPass, fusedLossOf } from './fused-distortion-loss.js';
import { jlLossOf, violationLoss, type JlLoss, type JlLossKind } from './losses.js';

/**
 * The random part of a JL sampler vec(A) = vec(M) + W z, z ~ N(0, I):
 * - `none`: A = M (direct optimisation, the ablation: no random part, no penalty);
 * - `isotropic`: W = σI (A = M + σE, the NeurIPS 2024 sampler);
 * - `diagonal`: W = diag(vec S), one standard deviation per entry;
 * - `full`: a k·r × q factor W (q = k·r: the paper's general sampler; q < k·r: low rank).
 */
export type SamplerFactor = 'none' | 'isotropic' | 'diagonal' | 'full';

/** The temperature of the smooth max, changed by the caller between annealing stages (never during a `minimize` call). */
export interface TemperatureHolder {
  value: number;
}

export interface SamplerObjectiveOptions {
  /** A built-in loss by name, or any {@link JlLoss} (a `jl-loss` plugin's). */
  readonly loss: JlLossKind | JlLoss;
  readonly factor: SamplerFactor;
  /** Columns q of a `full` factor (default k·r; fewer: low rank). */
  readonly rank?: number;
  /** τ of the smooth max: a number, or a holder the caller anneals. */
  readonly temperature: number | TemperatureHolder;
  /** ε and w of the violation loss, when `loss` is the name 'violation'. */
  readonly epsilon?: number;
  readonly width?: number;
  /** Sampled matrices per evaluation, S (default 4; 1 without a random part). */
  readonly samples?: number;
  /**
   * Antithetic pairs ±z (⌈S/2⌉ draws and their negatives): lower variance, but every estimate is
   * then exactly symmetric in M, so the saddle M = 0 is never left. Default false.
   */
  readonly antithetic?: boolean;
  /** λ of λ‖W‖²_F (default 0; for W = σI, ‖W‖²_F = k·r·σ²). */
  readonly lambda?: number;
  /** σ₀: W₀ = σ₀I (isotropic, diagonal, full) or σ₀·G/√q with G Gaussian (low rank), so E‖W₀z‖² = σ₀²·k·r. Default 1. */
  readonly sigma0?: number;
  /** M₀ (k × r); copied. */
  readonly mean0: tf.Tensor2D;
  /** Draws the low-rank W₀ (default seed 0). */
  readonly key?: RandomKey;
}

/**
 * The JL objective of a sampler of k × r matrices (in the problem's coordinates), built by the
 * core's `derandomizedObjective` as an instance of the lemma with b = vec(M):
 *
 *   f(W, b) = E_z[ g(W z + b) ] + λ‖W‖²_F,   g(y) = loss(δ(reshape(y, k × r))),
 *
 * where δ are the distortions of the problem's items and the loss is
 * - `smooth-max`: smax_τ(δ), the log-sum-exp of ±δ over the items;
 * - `violation`: σ((smax_τ(δ) − ε)/w), a smoothed indicator that the worst distortion exceeds ε;
 * - `batch-max`: max|δ| reduced by a max over the sampled matrices (the authors' code): not an
 *   expectation, so the objective states that the lemma's bound does not apply.
 * A loss that is a function of the smooth max (`ofSmoothMax`: the built-in smooth-max and
 * violation) gives the objective a fused first-order pass with its gradient written out
 * (`fusedDistortionLoss`; for the isotropic factor `fusedIsotropicPass`, which maps the gradient
 * back once for all samples); the training loop uses it, second-order work differentiates `value`.
 * Groups `W` (the random part: σ, vec S or the factor) and `b` (vec M). Sampled pairs are drawn
 * per evaluation from the evaluation key. Whether the lemma's bound applies, and in which form
 * (‖W‖_F = √(k·r)·|σ| for W = σI), is decided by `derandomizedObjective` and carried in `lemma`.
 *
 * @example const f = samplerObjective(tensors, { loss: 'smooth-max', factor: 'isotropic', temperature: 0.05, lambda: 1e-4, mean0 });
 * @see Tsikouras, Caramanis, Tzamos, NeurIPS 2024; Tsikouras, Pantis, Mitliagkas, Tzamos, ICLR 2026, §5 (Theorem 5.5).
 */
export function samplerObjective(tensors: ProblemTensors, options: SamplerObjectiveOptions): Objective {
  const { k } = tensors;
  const r = tensors.problem.r;
  const size = k * r;
  const { factor } = options;
  const loss = options.loss === 'violation' && options.epsilon !== undefined ? violationLoss(options.epsilon, options.width) : jlLossOf(options.loss);
  const q = Math.min(options.rank ?? size, size);
  if (factor === 'full' && !(Number.isInteger(q) && q >= 1)) {
    throw new InputError('BAD_OPTION', 'Invalid JL sampler:', [{ where: 'rank', message: 'must be a positive integer', value: options.rank }]);
  }
  const temperature: TemperatureHolder = typeof options.temperature === 'number' ? { value: options.temperature } : options.temperature;
  const sigma0 = options.sigma0 ?? 1;
  const requested = factor === 'none' ? 1 : Math.max(1, options.samples ?? 4);
  const antithetic = factor !== 'none' && (options.antithetic ?? false) && requested >= 2;
  const W0 = tf.tidy(() => {
    if (factor === 'none') return undefined;
    if (factor === 'isotropic') return tf.scalar(sigma0);
    if (factor === 'diagonal') return tf.fill([size], sigma0);
    return q === size ? tf.mul(tf.eye(size), sigma0) : tf.mul(randomNormal(foldIn(options.key ?? keyFromSeed(0), 'W0'), [size, q]), sigma0 / Math.sqrt(q));
  });
  const b0 = tf.reshape<tf.Rank.R1>(options.mean0, [size]);
  const gValueAndGrad = fusedLossOf(tensors, loss, temperature);
  // the isotropic sampler's fused pass takes the projections of M and Z_s apart: one matmul back instead of S
  const gPass = gValueAndGrad !== undefined && factor === 'isotropic' ? fusedIsotropicPass(tensors, loss.ofSmoothMax!, temperature) : undefined;
  try {
    return derandomizedObjective({
      g: (y, _theta, key) => loss.perSample(distortionBatch(tensors, tf.reshape<tf.Rank.R3>(y, [y.shape[0], k, r]), foldIn(key, 'pairs')), temperature.value),
      ...(gValueAndGrad === undefined ? {} : { gValueAndGrad }),
      ...(gPass === undefined ? {} : { gPass }),
      ...(W0 === undefined ? {} : { W0 }),
      b0,
      lambda: options.lambda ?? 0,
      noise: factor,
      inputDim: size,
      reduce: loss.reduce ?? 'mean',
      expectation: { kind: 'monte-carlo', samples: antithetic ? 2 * Math.ceil(requested / 2) : requested, mode: antithetic ? 'antithetic' : 'fresh' },
    });
  } finally {
    tf.dispose([b0, ...(W0 === undefined ? [] : [W0])]);
  }
}
