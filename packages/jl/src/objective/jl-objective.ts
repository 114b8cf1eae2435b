import * as tf from '@tensorflow/tfjs-core';
import { foldIn, keyFromSeed, randomNormal, type Objective, type Params, type RandomKey } from '@derand/core';
import { distortionBatch, type DistortionBatch } from '../distortion/distortion-batch.js';
import type { ProblemTensors } from '../distortion/problem-tensors.js';
import { jlLossOf, violationLoss, type JlLoss, type JlLossKind } from './losses.js';

export type { JlLossKind } from './losses.js';

/**
 * How the matrix is optimised:
 * - `direct`: A = M itself (no sampler; the ablation);
 * - `isotropic`: A = M + σE, E i.i.d. N(0, 1) (the NeurIPS 2024 sampler; W = σI);
 * - `diagonal`: A = M + S∘E, one standard deviation per entry (W = diag(vec S)).
 * `fitEmbedding` also offers the general factors `full` and `lowrank` (vec(A) = vec(M) + Wz,
 * `generalSamplerObjective`); this objective covers the three above.
 */
export type SamplerKind = 'direct' | 'isotropic' | 'diagonal';

export interface JlObjectiveOptions {
  /** A built-in loss by name, or any {@link JlLoss} (a `jl-loss` plugin's). */
  readonly loss: JlLossKind | JlLoss;
  readonly sampler: SamplerKind;
  /** τ of the smooth max (smooth-max, violation). */
  readonly temperature: number;
  /** Threshold ε and step width w of the violation loss, when `loss` is the name 'violation'. */
  readonly epsilon?: number;
  readonly width?: number;
  /** Sampled matrices per evaluation, S (samplers only; default 4). */
  readonly samples?: number;
  /** Antithetic pairs ±E (⌈S/2⌉ draws and their negatives): lower variance, but every estimate is then exactly symmetric in M, so the saddle M = 0 is never left. Default false. */
  readonly antithetic?: boolean;
  /** λ of the regulariser λ‖W‖²_F on the random part. */
  readonly lambda?: number;
  /** Initial parameters (the objective keeps them; `dispose` frees them). */
  readonly init: Params;
}

/**
 * The JL objective over a sampler of k × r matrices (in the problem's coordinates):
 *
 *   f(M, W) = E_z[ g(M + W z) ] + λ‖W‖²_F,
 *
 * which is the paper's lemma form with b = vec(M) and the random part W = σI (isotropic) or
 * diag(vec S) (diagonal); `direct` is f(M) = g(M). The expectation is a Monte-Carlo average
 * over S matrices drawn from the key (optionally as antithetic pairs ±E), and g is
 * - `smooth-max`: smax_τ(δ(A)), the log-sum-exp of ±δ over the items;
 * - `violation`: σ((smax_τ(δ(A)) − ε)/w), a smoothed indicator that the worst distortion exceeds ε
 *   (the paper's "probability that the maximum distortion exceeds ε");
 * - `batch-max`: max over the whole batch and all items of |δ| (the authors' code; not of lemma form).
 * For W = σI, ‖W‖²_F = k·r·σ²; the lemma block names the group of W so the certificate can
 * compare ‖W‖_F with ρ/(2λ − √(Kρ)) (for σ the bound holds with room to spare: |σ| ≤ ρ/(k r(2λ − √(Kρ)))).
 *
 * @param tensors - the problem's device constants (not owned).
 * @param options - loss, sampler, temperature, samples, λ and the initial parameters (owned).
 * @example const objective = jlObjective(tensors, { loss: 'smooth-max', sampler: 'isotropic', temperature: 0.05, init });
 * @see Tsikouras, Caramanis, Tzamos, "Optimization Can Learn Johnson Lindenstrauss Embeddings", NeurIPS 2024; Tsikouras et al., ICLR 2026, §5.
 */
export function jlObjective(tensors: ProblemTensors, options: JlObjectiveOptions): Objective {
  const { loss, sampler, temperature } = options;
  const samples = sampler === 'direct' ? 1 : Math.max(1, options.samples ?? 4);
  const antithetic = sampler !== 'direct' && (options.antithetic ?? false) && samples >= 2;
  const draws = antithetic ? Math.ceil(samples / 2) : samples;
  const lambda = options.lambda ?? 0;
  const { k } = tensors;
  const r = tensors.problem.r;
  const g = loss === 'violation' && options.epsilon !== undefined ? violationLoss(options.epsilon, options.width) : jlLossOf(loss);
  const reduce = (batch: DistortionBatch): tf.Scalar => (g.perSample !== undefined ? tf.mean(g.perSample(batch, temperature)) : g.whole!(batch, temperature));
  const noiseGroup = sampler === 'isotropic' ? 'sigma' : sampler === 'diagonal' ? 'S' : undefined;
  // a loss without per-sample values (the batch max) is not an expectation: not of the lemma's form
  const lemmaShaped = noiseGroup !== undefined && g.perSample !== undefined && lambda > 0;
  return {
    init: options.init,
    value: (params: Params, key: RandomKey): tf.Scalar =>
      tf.tidy(() => {
        const m = params['M'] as tf.Tensor2D;
        let a: tf.Tensor3D;
        let penalty: tf.Scalar | undefined;
        if (sampler === 'direct') {
          a = tf.expandDims(m, 0);
        } else {
          const half = randomNormal<tf.Rank.R3>(foldIn(key, 'noise'), [draws, k, r]);
          const e = antithetic ? tf.concat([half, tf.neg(half)], 0) : half;
          const w = params[noiseGroup!]!;
          a = tf.add(tf.expandDims(m, 0), tf.mul(sampler === 'isotropic' ? w : tf.expandDims(w, 0), e));
          penalty = sampler === 'isotropic' ? tf.mul<tf.Scalar>(tf.square(tf.reshape(w, [])), lambda * k * r) : tf.mul<tf.Scalar>(tf.sum(tf.square(w)), lambda);
        }
        const value = reduce(distortionBatch(tensors, a, foldIn(key, 'pairs')));
        return penalty === undefined ? value : tf.add(value, penalty);
      }),
    ...(lemmaShaped ? { lemma: { noiseGroups: [noiseGroup], lambda } } : {}),
    dispose: () => tf.dispose(Object.values(options.init)),
  };
}

/** Options of {@link initialJlParams}. */
export interface InitOptions {
  readonly sampler: SamplerKind;
  /** M₀: `zeros` (the authors' start, a saddle of every loss here) or `gaussian` (a random JL map). */
  readonly mean: 'zeros' | 'gaussian';
  /** σ₀ of the sampler (default 1: the sampler starts as a Gaussian JL map around M₀). */
  readonly sigma0?: number;
  readonly key?: RandomKey;
}

/**
 * Initial parameters: M (k × r) and, for samplers, σ (a scalar tensor) or S (k × r).
 *
 * @example const init = initialJlParams(30, 99, { sampler: 'isotropic', mean: 'zeros' });
 */
export function initialJlParams(k: number, r: number, options: InitOptions): Params {
  const key = options.key ?? keyFromSeed(0);
  const sigma0 = options.sigma0 ?? 1;
  return tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {
      M: options.mean === 'zeros' ? tf.zeros([k, r]) : randomNormal(foldIn(key, 'M0'), [k, r]),
    };
    if (options.sampler === 'isotropic') out['sigma'] = tf.scalar(sigma0);
    if (options.sampler === 'diagonal') out['S'] = tf.fill([k, r], sigma0);
    return out;
  });
}
