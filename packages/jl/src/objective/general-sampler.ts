import * as tf from '@tensorflow/tfjs-core';
import { derandomizedObjective, foldIn, keyFromSeed, randomNormal, type Objective, type RandomKey } from '@derand/core';
import { InputError } from '@derand/registry';
import { distortionBatch } from '../distortion/distortion-batch.js';
import type { ProblemTensors } from '../distortion/problem-tensors.js';
import { jlLossOf, violationLoss, type JlLoss } from './losses.js';

/** The temperature of the smooth max, changed by the caller between annealing stages. */
export interface TemperatureHolder {
  value: number;
}

export interface GeneralSamplerOptions {
  /** A loss with per-sample values (an expectation): 'smooth-max', 'violation' or a `jl-loss` plugin's. */
  readonly loss: 'smooth-max' | 'violation' | JlLoss;
  readonly temperature: TemperatureHolder;
  readonly epsilon?: number;
  readonly width?: number;
  /** Monte-Carlo samples per evaluation. */
  readonly samples: number;
  /** Fresh draws from the evaluation key, a fixed sample, or antithetic pairs. */
  readonly mode: 'fresh' | 'fixed' | 'antithetic';
  /** λ > 0 of λ‖W‖²_F. */
  readonly lambda: number;
  /** Columns q of W (k·r for a full factor; fewer for a low-rank one). */
  readonly rank: number;
  /** σ₀: W₀ = σ₀·I (full) or σ₀·G/√q with G Gaussian (low rank), so E‖W₀z‖² = σ₀²·k·r either way. */
  readonly sigma0: number;
  /** M₀ (k × r). */
  readonly mean0: tf.Tensor2D;
  readonly key?: RandomKey;
}

/**
 * The paper's general JL sampler vec(A) = vec(M) + W z, z ~ N(0, I_q), with a full (q = k·r)
 * or low-rank (q < k·r) factor W, in the problem's coordinates, built on the core's
 * `derandomizedObjective`:
 *
 *   f(W, b) = E_z[ g(W z + b) ] + λ‖W‖²_F,   b = vec(M),   g(y) = smax_τ(δ(reshape(y, k × r)))
 *
 * (or the violation loss σ((smax_τ − ε)/w)). Groups `W` [k·r, q] and `b` [k·r]; the lemma block
 * names `W`, so the certificate checks ‖W‖_F ≤ ρ/(2λ − √(Kρ)). Memory grows as (k·r)·q: a full
 * factor for k·r = 3000 holds 9·10⁶ numbers (and Adam twice that again). Sampled pairs are not
 * supported (g has no key for them).
 *
 * @example const f = generalSamplerObjective(tensors, { loss: 'smooth-max', temperature: { value: 0.1 }, samples: 4, mode: 'fresh', lambda: 1e-4, rank: 30 * 99, sigma0: 1, mean0 });
 * @see Tsikouras, Pantis, Mitliagkas, Tzamos, ICLR 2026, §5 (Theorem 5.5).
 */
export function generalSamplerObjective(tensors: ProblemTensors, options: GeneralSamplerOptions): Objective {
  const { k } = tensors;
  const r = tensors.problem.r;
  const size = k * r;
  if (tensors.problem.pairs?.mode === 'sampled') {
    throw new InputError('BAD_OPTION', 'The general sampler cannot sample pairs:', [{ where: 'pairs', message: "use exact pairs (--pairs exact) with the full or low-rank sampler, or the isotropic sampler with sampled pairs" }]);
  }
  const q = Math.min(options.rank, size);
  const loss = options.loss === 'violation' && options.epsilon !== undefined ? violationLoss(options.epsilon, options.width) : jlLossOf(options.loss);
  if (loss.perSample === undefined) {
    throw new InputError('BAD_OPTION', 'The general sampler needs a loss of the lemma form:', [{ where: 'loss', message: `'${loss.id}' gives no value per sampled matrix (not an expectation); use smooth-max or violation` }]);
  }
  const W0 = tf.tidy(() =>
    q === size ? tf.mul(tf.eye(size), options.sigma0) : tf.mul(randomNormal(foldIn(options.key ?? keyFromSeed(0), 'W0'), [size, q]), options.sigma0 / Math.sqrt(q)),
  );
  const b0 = tf.reshape<tf.Rank.R1>(options.mean0, [size]);
  const objective = derandomizedObjective({
    g: (y) => {
      const batch = distortionBatch(tensors, tf.reshape<tf.Rank.R3>(y, [y.shape[0], k, r]), keyFromSeed(0));
      return loss.perSample!(batch, options.temperature.value);
    },
    W0,
    b0,
    lambda: options.lambda,
    expectation: { kind: 'monte-carlo', samples: options.mode === 'antithetic' ? 2 * Math.ceil(options.samples / 2) : options.samples, mode: options.mode },
  });
  tf.dispose([W0, b0]);
  return objective;
}
