import * as tf from '@tensorflow/tfjs-core';
import { certifySecondOrder, type SecondOrderCertificate } from '../certificate/certify.js';
import { minimize, type MinimizeRecord } from '../optim/minimize.js';
import { disposeParams, type Params } from '../params/params.js';
import { perturbedGradientDescent } from '../optim/perturbed-gradient-descent.js';
import { disposeState } from '../optim/state.js';
import type { MinimizeEvent } from '../params/types.js';
import { foldIn, keyFromSeed } from '../random/key.js';
import { randomNormal } from '../random/kernels.js';
import { curvatureBound } from './curvature-bound.js';
import { derandomizedObjective } from './derandomized-objective.js';
import { DerandError } from '@derand/registry';
import { LEMMA_MAX_NODES, lemmaOptionsSchema } from './lemma-options.js';
import { randomMlpFunction, type SmoothFunction } from './smooth-function.js';

/** Defaults of the lemma check, from the `lemma` solver's schema (their one definition). */
const DEFAULTS = lemmaOptionsSchema.parse({});

export interface LemmaCheckOptions {
  /** λ of λ‖W‖²_F. */
  readonly lambda: number;
  /** Input dimension k of g (default: the lemma solver's, 4). */
  readonly k?: number;
  /**
   * Dimension d of x (default 8). The expectation must satisfy Stein's identity accurately for the
   * lemma to apply: a tensor-product rule in R^d is too coarse at affordable sizes (3⁸ and 4⁸
   * nodes were measured to have spurious SOSPs with ‖W‖_F ≈ 2, which the exact expectation cannot
   * have), so the check integrates in the row space of W (q^min(k, d) nodes, any d).
   */
  readonly d?: number;
  /** The smooth g (default: the random MLP of the lemma solver's defaults). Its `inputDim`, when set, overrides k. */
  readonly g?: SmoothFunction;
  /** Gauss–Hermite points per dimension (default: the lemma solver's, 14; q^min(k, d) nodes, exact for polynomials of degree ≤ 2q − 1). */
  readonly quadraturePoints?: number;
  readonly seed?: number;
  /** Maximum PGD iterations (default 20 000). */
  readonly steps?: number;
  /**
   * PGD step size. Default η = 1/L (Jin et al.: η = c/L, c = 1) with L = L_g + 2λ ≥ ‖∇²f‖₂ and
   * L_g the largest Hessian norm of g sampled over [−4, 4]^k ({@link curvatureBound}). A fixed
   * η = 0.5 was measured to cycle (‖∇f‖ stuck at 1.56) where g's curvature at the minimum
   * exceeded 2/η.
   */
  readonly learningRate?: number;
  /** The certificate's precision ρ, a stated tolerance (default: the lemma solver's, 1e-6). */
  readonly rho?: number;
  /** Perturb when ‖∇f‖ ≤ this; also the precision PGD aims at (default ρ). */
  readonly gThres?: number;
  /** Train θ jointly (the lemma allows it). Default false: θ would make a random g unbounded below (scaling its output layer), leaving no SOSP. */
  readonly trainTheta?: boolean;
  /** Metrics cadence (default 100). */
  readonly every?: number;
  readonly onEvent?: (event: MinimizeEvent) => void;
  /** Stops PGD early (the result then reports reason 'aborted'). */
  readonly signal?: AbortSignal;
}

export interface LemmaCheckResult {
  readonly lambda: number;
  readonly k: number;
  readonly d: number;
  readonly steps: number;
  /**
   * Why PGD stopped: 'pgd-converged' (Jin's termination: ‖∇f‖ ≤ gThres and no escape), 'float32-stall'
   * (f and ‖∇f‖ repeated exactly: float32 cannot move the iterate further), 'steps', 'aborted'.
   * The certificate then says which half of the ρ-SOSP definition holds.
   */
  readonly reason: string;
  /** ‖W‖_F at the start and at the returned point. */
  readonly normW0: number;
  readonly normW: number;
  /** The mean b at the returned point: where the sampler Wx + b collapsed to. */
  readonly b: number[];
  /** The gradient Lipschitz estimate L = L_g + 2λ and the step size used. */
  readonly L: number;
  readonly learningRate: number;
  readonly certificate: SecondOrderCertificate;
  readonly history: (MinimizeRecord & { normW: number })[];
}

/**
 * The derandomization lemma, checked numerically: for a smooth g_θ (by default a random MLP),
 * minimise f(W, b, θ) = E_x[g_θ(Wx + b)] + λ‖W‖²_F (x ~ N(0, I_d), expectation by Gauss–Hermite
 * quadrature in the row space of W, accurate enough for Stein's identity) with perturbed gradient descent, then certify
 * the returned point at the stated precision ρ and compare ‖W‖_F with the lemma's bound
 * ρ/(2λ − √(Kρ)), K estimated locally.
 */
export function runLemmaCheck(options: LemmaCheckOptions): LemmaCheckResult {
  const smooth = options.g ?? randomMlpFunction.create(randomMlpFunction.options.parse(DEFAULTS.g.options));
  const k = smooth.inputDim ?? options.k ?? DEFAULTS.k;
  const d = options.d ?? DEFAULTS.d;
  const points = options.quadraturePoints ?? DEFAULTS.quadrature;
  if (points ** Math.min(k, d) > LEMMA_MAX_NODES) {
    throw new DerandError('BAD_OPTION', `The lemma check would use ${points}^min(k = ${k}, d = ${d}) = ${points ** Math.min(k, d)} quadrature nodes; keep it ≤ ${LEMMA_MAX_NODES} (fewer points or a smaller k or d).`);
  }
  const rho = options.rho ?? DEFAULTS.rho;
  const key = keyFromSeed(options.seed ?? 0);
  const { theta, g } = smooth.build(k, foldIn(key, 'g'));
  const W0 = randomNormal(foldIn(key, 'W0'), [k, d], 0, 1 / Math.sqrt(d));
  const b0 = randomNormal<tf.Rank.R1>(foldIn(key, 'b0'), [k], 0, 0.5);
  const fixedTheta = options.trainTheta === true ? undefined : theta;
  const objective = derandomizedObjective({
    g: fixedTheta === undefined ? g : (y) => g(y, fixedTheta),
    W0,
    b0,
    ...(options.trainTheta === true ? { theta0: theta } : {}),
    lambda: options.lambda,
    expectation: { kind: 'subspace-quadrature', points },
  });
  tf.dispose([W0, b0]);
  const normOf = (p: Params): number => tf.tidy(() => Math.sqrt(tf.sum(tf.square(p['W']!)).dataSync()[0] ?? NaN));
  const normW0 = normOf(objective.init);
  const gThres = options.gThres ?? DEFAULTS.gThres ?? rho;
  const L = curvatureBound(g, theta, k, { key: foldIn(key, 'L') }) + 2 * options.lambda;
  const learningRate = options.learningRate ?? 1 / L;
  const optimizer = perturbedGradientDescent({
    mode: 'thresholds',
    learningRate,
    radius: 1e-3,
    gThres,
    fThres: 1e-9,
    tThres: 200,
  });
  // float32 limits how small ‖∇f‖ can get: once η∇f is below half an ulp of the parameters the
  // iterate stops moving (measured: ‖∇f‖ stuck at 2.0e-6 with ‖b‖ ≈ 3, L ≈ 11). Stop there,
  // when f and ‖∇f‖ repeat exactly between two readings, instead of running out the steps.
  let previous: { value: number; gradNorm: number } | undefined;
  const stalled = (m: { value: number; gradNorm: number }): boolean => {
    const same = previous !== undefined && previous.value === m.value && previous.gradNorm === m.gradNorm;
    previous = { value: m.value, gradNorm: m.gradNorm };
    return same;
  };
  const result = minimize(objective, optimizer, {
    steps: options.steps ?? DEFAULTS.steps,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    key,
    sampling: 'fixed',
    stopWhen: stalled,
    every: options.every ?? 100,
    metrics: (p) => ({ normW: normOf(p) }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const certificate = certifySecondOrder(objective, result.params, { key, rho, lanczosSteps: 60 });
  const normW = normOf(result.params);
  const b = Array.from(result.params['b']!.dataSync());
  disposeParams(result.params);
  disposeState(result.state);
  objective.dispose?.();
  tf.dispose(Object.values(theta));
  return {
    lambda: options.lambda,
    k,
    d,
    steps: result.steps,
    reason: result.reason === 'stopWhen' ? 'float32-stall' : result.reason,
    normW0,
    normW,
    b,
    L,
    learningRate,
    certificate,
    history: result.history as (MinimizeRecord & { normW: number })[],
  };
}
