import * as tf from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { foldIn } from '../random/key.js';
import { randomNormal, randomUniform } from '../random/kernels.js';
import { assertGroupNames, type GroupSettings } from './optimizer-options.js';
import { cloneParams, countParams, mapParams, type Params } from '../params/params.js';
import { stepSizeAt } from './transforms.js';
import type { GradientTransformation, StepSize, UpdateResult } from '../params/types.js';

/**
 * Constants of perturbed gradient descent (Jin, Ge, Netrapalli, Kakade, Jordan, "How to escape
 * saddle points efficiently", ICML 2017, Algorithm 2), in the paper's notation: L gradient
 * Lipschitz (Jin's ℓ), K Hessian Lipschitz (Jin's ρ), ρ target precision (Jin's ε).
 */
export interface PgdThresholds {
  /** η: gradient step size (a schedule is allowed; Jin's analysis takes it constant). */
  readonly learningRate: StepSize;
  /** r: radius of the uniform-in-ball perturbation. */
  readonly radius: number;
  /** g_thres: perturb only when ‖∇f‖ ≤ g_thres. */
  readonly gThres: number;
  /** f_thres: required decrease t_thres steps after a perturbation, else stop. */
  readonly fThres: number;
  /** t_thres: steps between perturbations and before the escape test. */
  readonly tThres: number;
}

export interface PgdDerivedOptions {
  /** Gradient Lipschitz constant L. */
  readonly L: number;
  /** Hessian Lipschitz constant K. */
  readonly K: number;
  /** Target precision ρ of the ρ-SOSP. */
  readonly rho: number;
  /** Failure probability δ (default 0.1). */
  readonly delta?: number;
  /** Δ_f ≥ f(z₀) − f* (default 1). */
  readonly deltaF?: number;
  /** The constant c ≤ c_max (default 1). */
  readonly c?: number;
  /** Number of parameters d (default: counted at init). */
  readonly dimension?: number;
}

/**
 * χ = 3·max{log(d·L·Δ_f/(c·ρ²·δ)), 4}, η = c/L, r = (√c/χ²)·ρ/L, g_thres = (√c/χ²)·ρ,
 * f_thres = (c/χ³)·√(ρ³/K), t_thres = (χ/c²)·L/√(Kρ).
 */
export function pgdThresholds(options: PgdDerivedOptions & { dimension: number }): PgdThresholds & { chi: number } {
  const { L, K, rho, dimension: d } = options;
  const delta = options.delta ?? 0.1;
  const deltaF = options.deltaF ?? 1;
  const c = options.c ?? 1;
  for (const [name, v] of Object.entries({ L, K, rho, delta, deltaF, c, dimension: d })) {
    if (!(v > 0) || !Number.isFinite(v)) throw new DerandError('BAD_OPTION', `PGD constant ${name} must be a positive finite number (got ${v}).`);
  }
  const chi = 3 * Math.max(Math.log((d * L * deltaF) / (c * rho * rho * delta)), 4);
  return {
    chi,
    learningRate: c / L,
    radius: ((Math.sqrt(c) / chi ** 2) * rho) / L,
    gThres: (Math.sqrt(c) / chi ** 2) * rho,
    fThres: (c / chi ** 3) * Math.sqrt(rho ** 3 / K),
    tThres: Math.max(1, Math.ceil((chi / (c * c)) * (L / Math.sqrt(K * rho)))),
  };
}

export interface PgdState {
  /** Step of the last perturbation (−t_thres − 1 before any). */
  readonly tNoise: number;
  /** z̃: the point saved before the last perturbation. */
  readonly saved?: Params;
  readonly perturbations: number;
  readonly thresholds: PgdThresholds;
}

/** Per-group step sizes (the shared optimizer contract): a group's own η, or frozen. */
export interface PgdGroups {
  readonly groups?: Readonly<Record<string, GroupSettings>>;
}

export type PerturbedGradientDescentOptions = (({ readonly mode: 'derived' } & PgdDerivedOptions) | ({ readonly mode: 'thresholds' } & PgdThresholds)) & PgdGroups;

/** ξ uniform in the ball of radius r in R^D over all groups: direction N(0,I)/‖·‖, radius r·U^{1/D}. */
function uniformInBall(like: Params, radius: number, key: ReturnType<typeof foldIn>): Params {
  const dimension = countParams(like);
  const directions = mapParams(like, (p, name) => randomNormal(foldIn(key, name), p.shape));
  const norm = tf.sqrt(tf.addN(Object.values(directions).map((t) => tf.sum(tf.square(t)))));
  const u = randomUniform(foldIn(key, 'radius'), []);
  const length = tf.mul(radius, tf.pow(u, 1 / dimension));
  return mapParams(directions, (t) => tf.mul(t, tf.div(length, norm)));
}

/**
 * Perturbed gradient descent exactly as Jin et al. 2017: with t_noise = −t_thres − 1,
 * 1. if ‖∇f(z_t)‖ ≤ g_thres and t − t_noise > t_thres: save z̃ = z_t, t_noise = t, and move to
 *    z̃ + ξ with ξ uniform in the ball of radius r;
 * 2. if t − t_noise = t_thres and f(z_t) − f(z̃) > −f_thres: stop and return z̃;
 * 3. otherwise z_{t+1} = z_t − η∇f(z_t).
 * The gradient step from the perturbed point is taken at the next iteration. f(z_t) and
 * f(z̃) are compared on the same Monte-Carlo sample (common random numbers), which makes the
 * same logic usable with stochastic gradients ({@link perturbedSgd}).
 *
 * @param options `{ mode: 'derived', L, K, rho, delta?, deltaF?, c? }` or `{ mode: 'thresholds', learningRate, radius, gThres, fThres, tThres }`.
 * @param behaviour `terminate` (default true) applies rule 2; false keeps iterating (for fixed budgets).
 */
export function perturbedGradientDescent(
  options: PerturbedGradientDescentOptions,
  behaviour: { readonly terminate?: boolean } = {},
): GradientTransformation<PgdState> {
  const terminate = behaviour.terminate ?? true;
  return {
    init: (params) => {
      assertGroupNames(options, params);
      const thresholds: PgdThresholds =
        options.mode === 'derived'
          ? pgdThresholds({ ...options, dimension: options.dimension ?? countParams(params) })
          : { learningRate: options.learningRate, radius: options.radius, gThres: options.gThres, fThres: options.fThres, tThres: options.tThres };
      return { tNoise: -thresholds.tThres - 1, perturbations: 0, thresholds };
    },
    update: (grads, state, context): UpdateResult<PgdState> => {
      const { learningRate, radius, gThres, fThres, tThres } = state.thresholds;
      const t = context.step;
      const info = { perturbations: state.perturbations, gradNorm: context.gradNorm() };
      if (terminate && state.saved !== undefined && t - state.tNoise === tThres) {
        const current = context.value();
        const saved = tf.tidy(() => context.objective.value(state.saved!, context.sampleKey).dataSync()[0] ?? NaN);
        if (current - saved > -fThres) {
          return {
            updates: mapParams(grads, (g) => tf.zerosLike(g)),
            state: { ...state, saved: undefined as never },
            stop: { reason: 'pgd-converged', params: cloneParams(state.saved) },
            info,
          };
        }
      }
      if (context.gradNorm() <= gThres && t - state.tNoise > tThres) {
        const xi = uniformInBall(grads, radius, foldIn(context.key, 'pgd-ball'));
        const perturbations = state.perturbations + 1;
        return {
          updates: xi,
          state: { ...state, tNoise: t, saved: cloneParams(context.params), perturbations },
          info: { ...info, perturbations },
        };
      }
      return {
        updates: mapParams(grads, (g, name) => {
          const group = options.groups?.[name];
          return group?.frozen === true ? tf.zerosLike(g) : tf.mul(g, -stepSizeAt(group?.learningRate ?? learningRate, t));
        }),
        state,
        info,
      };
    },
  };
}

/**
 * Perturbed SGD: the escape logic of {@link perturbedGradientDescent} driven by stochastic
 * gradients (run `minimize` with `sampling: 'fresh'`); the escape test compares f on a common
 * sample. Without termination by default, as stochastic gradients rarely satisfy the test.
 */
export function perturbedSgd(options: PerturbedGradientDescentOptions, behaviour: { readonly terminate?: boolean } = {}): GradientTransformation<PgdState> {
  return perturbedGradientDescent(options, { terminate: behaviour.terminate ?? false });
}
