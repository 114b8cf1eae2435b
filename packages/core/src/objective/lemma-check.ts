import * as tf from '@tensorflow/tfjs-core';
import { certifySecondOrder, type SecondOrderCertificate } from '../certificate/certify.js';
import { minimize, type MinimizeRecord } from '../optim/minimize.js';
import { disposeParams, type Params } from '../optim/params.js';
import { perturbedGradientDescent } from '../optim/perturbed-gradient-descent.js';
import { disposeState } from '../optim/state.js';
import type { MinimizeEvent } from '../optim/types.js';
import { foldIn, keyFromSeed } from '../random/key.js';
import { randomNormal } from '../random/kernels.js';
import { derandomizedObjective } from './derandomized-objective.js';
import { randomSmoothFunction, type RandomSmoothFunctionOptions } from './random-smooth-function.js';

export interface LemmaCheckOptions {
  /** λ of λ‖W‖²_F. */
  readonly lambda: number;
  /** Input dimension k of g (default 4). */
  readonly k?: number;
  /**
   * Dimension d of x (default 4). The expectation must satisfy Stein's identity accurately for
   * the lemma to apply: with 3 Gauss–Hermite points per dimension in R⁸ a seed was measured to
   * have a spurious SOSP with ‖W‖_F ≈ 2, which the exact expectation cannot have; 10 points per
   * dimension in R⁴ (10⁴ nodes, exact to degree 19) removed it.
   */
  readonly d?: number;
  readonly g?: Omit<RandomSmoothFunctionOptions, 'inputDim'>;
  /** Gauss–Hermite points per dimension (default 10: q^d nodes, exact for polynomials of degree ≤ 2q − 1). */
  readonly quadraturePoints?: number;
  readonly seed?: number;
  /** Maximum PGD iterations (default 20 000). */
  readonly steps?: number;
  /** PGD step size (default 0.5). */
  readonly learningRate?: number;
  /** Perturb when ‖∇f‖ ≤ this; also the precision PGD aims at (default 1e-6). */
  readonly gThres?: number;
  /** Train θ jointly (the lemma allows it). Default false: θ would make a random g unbounded below (scaling its output layer), leaving no SOSP. */
  readonly trainTheta?: boolean;
  /** Metrics cadence (default 100). */
  readonly every?: number;
  readonly onEvent?: (event: MinimizeEvent) => void;
}

export interface LemmaCheckResult {
  readonly lambda: number;
  readonly k: number;
  readonly d: number;
  readonly steps: number;
  readonly reason: string;
  /** ‖W‖_F at the start and at the returned point. */
  readonly normW0: number;
  readonly normW: number;
  readonly certificate: SecondOrderCertificate;
  readonly history: (MinimizeRecord & { normW: number })[];
}

/**
 * The derandomization lemma, checked numerically: for a random smooth g_θ (a small MLP),
 * minimise f(W, b, θ) = E_x[g_θ(Wx + b)] + λ‖W‖²_F (x ~ N(0, I_d), expectation by Gauss–Hermite
 * quadrature, accurate enough for Stein's identity) with perturbed gradient descent, then certify
 * the returned point and compare ‖W‖_F with ρ/(2λ − √(Kρ)) from the measured ρ = ‖∇f‖ and the
 * locally estimated K.
 */
export function runLemmaCheck(options: LemmaCheckOptions): LemmaCheckResult {
  const k = options.k ?? 4;
  const d = options.d ?? 4;
  const key = keyFromSeed(options.seed ?? 0);
  const { theta, g } = randomSmoothFunction(foldIn(key, 'g'), { inputDim: k, ...options.g });
  const W0 = randomNormal(foldIn(key, 'W0'), [k, d], 0, 1 / Math.sqrt(d));
  const b0 = randomNormal<tf.Rank.R1>(foldIn(key, 'b0'), [k], 0, 0.5);
  const fixedTheta = options.trainTheta === true ? undefined : theta;
  const objective = derandomizedObjective({
    g: fixedTheta === undefined ? g : (y) => g(y, fixedTheta),
    W0,
    b0,
    ...(options.trainTheta === true ? { theta0: theta } : {}),
    lambda: options.lambda,
    expectation: { kind: 'quadrature', points: options.quadraturePoints ?? 10 },
  });
  tf.dispose([W0, b0]);
  const normOf = (p: Params): number => tf.tidy(() => Math.sqrt(tf.sum(tf.square(p['W']!)).dataSync()[0] ?? NaN));
  const normW0 = normOf(objective.init);
  const gThres = options.gThres ?? 1e-6;
  const optimizer = perturbedGradientDescent({
    mode: 'thresholds',
    learningRate: options.learningRate ?? 0.5,
    radius: 1e-3,
    gThres,
    fThres: 1e-9,
    tThres: 200,
  });
  const result = minimize(objective, optimizer, {
    steps: options.steps ?? 20_000,
    key,
    sampling: 'fixed',
    every: options.every ?? 100,
    metrics: (p) => ({ normW: normOf(p) }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const certificate = certifySecondOrder(objective, result.params, { key, lanczosSteps: 60 });
  const normW = normOf(result.params);
  disposeParams(result.params);
  disposeState(result.state);
  objective.dispose?.();
  tf.dispose(Object.values(theta));
  return {
    lambda: options.lambda,
    k,
    d,
    steps: result.steps,
    reason: result.reason,
    normW0,
    normW,
    certificate,
    history: result.history as (MinimizeRecord & { normW: number })[],
  };
}
