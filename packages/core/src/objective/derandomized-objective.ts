import * as tf from '@tensorflow/tfjs-core';
import { DerandError, InputError, type InputIssue } from '@derand/registry';
import { foldIn, keyFromSeed, type RandomKey } from '../random/key.js';
import { randomNormal } from '../random/kernels.js';
import type { Params } from '../params/params.js';
import type { Objective } from '../params/types.js';
import { gaussHermiteGrid } from './gauss-hermite.js';
import { subspaceQuadrature, type SubspaceQuadrature } from './subspace-quadrature.js';
import { valueAndGradsOfParams } from '../params/gradients.js';
import { addPenalty, addPenaltyGradient } from './penalty.js';

/** How E_x[·] is computed. */
export type Expectation =
  | {
      readonly kind: 'monte-carlo';
      /** S samples per evaluation. */
      readonly samples: number;
      /** 'fresh' (default): drawn from the evaluation key; 'fixed': drawn once; 'antithetic': S/2 draws and their negatives. */
      readonly mode?: 'fresh' | 'fixed' | 'antithetic';
      /** Seed of the fixed sample (default 0). */
      readonly fixedSeed?: number;
    }
  | { readonly kind: 'quadrature'; /** Gauss–Hermite points per dimension (q^d in all). */ readonly points: number }
  | {
      /**
       * Gauss–Hermite quadrature in the row space of W (q^min(k, d) nodes, any d): exact value,
       * gradient and Hessian up to the rule, by rotation invariance (see subspace-quadrature.ts).
       * Full noise only.
       */
      readonly kind: 'subspace-quadrature';
      readonly points: number;
    }
  | { readonly kind: 'exact'; /** E_x[g_θ(Wx + b)] in closed form, differentiable. */ readonly value: (params: Params) => tf.Scalar };

/**
 * Structure of the random part: a full k×d matrix, a diagonal (k = d), σ·I (k = d), or none (the
 * sampler is the point b itself: direct optimisation, one sample, no penalty).
 */
export type NoiseFactor = 'full' | 'diagonal' | 'isotropic' | 'none';

export interface DerandomizedObjectiveOptions {
  /**
   * g_θ on a batch: y [S, k] ↦ values [S]. Must be smooth and built from tfjs ops. `key` is the
   * evaluation's key, for a g that samples a part of itself (JL's sampled pairs).
   */
  readonly g: (y: tf.Tensor2D, theta: Params, key: RandomKey) => tf.Tensor1D;
  /** Initial random part W (k×d for 'full', [k] for 'diagonal', scalar for 'isotropic'; ignored for 'none'). */
  readonly W0?: tf.Tensor;
  /** Initial mean b (k). */
  readonly b0: tf.Tensor1D;
  /** Initial θ (optimised jointly, as the lemma allows). */
  readonly theta0?: Params;
  /** λ of λ‖W‖²_F, ≥ 0 (0: no penalty, and then the lemma's bound does not apply). */
  readonly lambda: number;
  readonly expectation: Expectation;
  /** Default 'full'. */
  readonly noise?: NoiseFactor;
  /** Input dimension d (needed for 'isotropic' and 'diagonal', where W does not show it). */
  readonly inputDim?: number;
  /**
   * How the samples' values combine: 'mean' (the expectation, default) or 'max' (a reduction that
   * is not an expectation, like the authors' JL batch max: the lemma's bound is then not claimed).
   */
  readonly reduce?: 'mean' | 'max';
  /**
   * A fused first-order pass of the expectation alone (value and gradients without λ‖W‖²_F, for
   * example a hand-derived host kernel): the objective adds the penalty and its gradient once.
   * The training loop uses it; second-order work differentiates `value`.
   */
  readonly expectationValueAndGrad?: (params: Params, key: RandomKey) => { value: tf.Scalar; grads: Params };
  /**
   * g with its gradient, for a fused first-order pass: on a batch y [S, k], the values [S] and
   * ∂g(y_s)/∂y_s [S, k] (row s depends on y_s alone). With it, the objective's first-order pass
   * draws the same x as `value`, evaluates this once and carries the gradient back through
   * y = Wx + b by hand (b: Σ_s w_s ∂g/∂y_s; W: by its factor), with no tape. Used for Monte-Carlo
   * and quadrature expectations with the 'mean' reduction and no θ; second-order work
   * differentiates `value`, built from `g`. Ignored when `expectationValueAndGrad` is given.
   */
  readonly gValueAndGrad?: (y: tf.Tensor2D, theta: Params, key: RandomKey) => { values: tf.Tensor1D; dy: tf.Tensor2D };
  /**
   * The first-order pass given the samples, for a g whose structure makes the gradients in W and
   * b cheaper than every ∂g/∂y_s (a linear map in front of g: the sum over samples can be taken
   * before mapping back). Gets the batch z [S, d] that `value` draws (y_s = W z_s + b, as the
   * factor says) and the sample weights w [S] (quadrature weights, or 1/S); returns the values
   * g(y_s) [S] and the gradients of Σ_s w_s g(y_s) in `b` and (with a random part) `W`, shaped as
   * those groups. Same conditions as `gValueAndGrad`, which it takes precedence over.
   */
  readonly gPass?: (parts: { readonly W?: tf.Tensor; readonly b: tf.Tensor1D; readonly z: tf.Tensor2D; readonly weights: tf.Tensor1D }, key: RandomKey) => { values: tf.Tensor1D; grads: { readonly W?: tf.Tensor; readonly b: tf.Tensor1D } };
}

const THETA = 'theta.';

/**
 * The derandomization lemma's objective (paper Eq. 1):
 *   f(W, b, θ) = E_{x~N(0, I_d)}[ g_θ(W x + b) ] + λ‖W‖²_F,
 * as an {@link Objective} over the groups `W`, `b` and `theta.<name>`, with the expectation by
 * reparameterised Monte-Carlo (fresh, fixed or antithetic samples from the evaluation key),
 * Gauss–Hermite quadrature in low dimension, or a closed form. Every ρ-SOSP has
 * ‖W‖_F ≤ ρ/(2λ − √(Kρ)); `certifySecondOrder` reports that bound (objective.lemma).
 *
 * @example
 * const f = derandomizedObjective({ g: (y) => tf.sum(tf.square(tf.tanh(y)), 1), W0, b0, lambda: 0.01,
 *   expectation: { kind: 'monte-carlo', samples: 256, mode: 'antithetic' } });
 */
export function derandomizedObjective(options: DerandomizedObjectiveOptions): Objective {
  const noise = options.noise ?? 'full';
  const reduce = options.reduce ?? 'mean';
  const issues: InputIssue[] = [];
  if (!(options.lambda >= 0) || !Number.isFinite(options.lambda)) issues.push({ where: 'lambda', message: 'must be a finite number ≥ 0', value: options.lambda });
  if (options.b0.rank !== 1) issues.push({ where: 'b0', message: 'must be a vector [k]', value: options.b0.shape });
  const k = options.b0.shape[0] ?? 0;
  let d = options.inputDim ?? 0;
  const W0 = options.W0;
  if (noise !== 'none' && W0 === undefined) issues.push({ where: 'W0', message: `is needed for ${noise} noise` });
  else if (noise === 'full') {
    if (W0!.rank !== 2 || W0!.shape[0] !== k) issues.push({ where: 'W0', message: `must be [k, d] with k = ${k}`, value: W0!.shape });
    d = W0!.shape[1] ?? 0;
  } else {
    if (noise === 'diagonal' && (W0!.rank !== 1 || W0!.shape[0] !== k)) issues.push({ where: 'W0', message: `must be [k] for diagonal noise (k = ${k})`, value: W0!.shape });
    if (noise === 'isotropic' && W0!.rank !== 0) issues.push({ where: 'W0', message: 'must be a scalar σ for isotropic noise', value: W0!.shape });
    d = k;
  }
  const e = options.expectation;
  if (e.kind === 'monte-carlo' && (!Number.isInteger(e.samples) || e.samples < 1 || (e.mode === 'antithetic' && e.samples % 2 !== 0))) {
    issues.push({ where: 'expectation.samples', message: 'must be a positive integer (even for antithetic sampling)', value: e.samples });
  }
  if (e.kind === 'subspace-quadrature' && noise !== 'full') {
    issues.push({ where: 'expectation.kind', message: `'subspace-quadrature' needs noise 'full' (with ${noise} noise k = d: use 'quadrature')`, value: e.kind });
  }
  if (reduce === 'max' && e.kind !== 'monte-carlo') issues.push({ where: 'reduce', message: "'max' reduces Monte-Carlo samples; use the 'monte-carlo' expectation", value: e.kind });
  if (issues.length > 0) throw new InputError('BAD_OPTION', 'Invalid derandomizedObjective options:', issues);
  const gOf = (y: tf.Tensor2D, theta: Params, key: RandomKey = keyFromSeed(0)): tf.Tensor1D => options.g(y, theta, key);
  const subspace: SubspaceQuadrature | undefined = e.kind === 'subspace-quadrature' ? subspaceQuadrature(gOf, k, d, e.points) : undefined;

  let fixed: { z: tf.Tensor2D; weights?: tf.Tensor1D } | undefined;
  if (e.kind === 'monte-carlo' && e.mode === 'fixed') {
    fixed = { z: tf.keep(randomNormal<tf.Rank.R2>(keyFromSeed(e.fixedSeed ?? 0), [e.samples, d])) };
  } else if (e.kind === 'quadrature') {
    const grid = gaussHermiteGrid(e.points, d);
    fixed = {
      z: tf.keep(tf.tensor2d(Float32Array.from(grid.points), [grid.count, d])),
      weights: tf.keep(tf.tensor1d(Float32Array.from(grid.weights))),
    };
  }

  const init: Record<string, tf.Tensor> = { ...(noise === 'none' ? {} : { W: tf.keep(tf.clone(W0!)) }), b: tf.keep(tf.clone(options.b0)) };
  for (const [name, t] of Object.entries(options.theta0 ?? {})) init[`${THETA}${name}`] = tf.keep(tf.clone(t));

  const thetaOf = (params: Params): Params => {
    const theta: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(params)) if (name.startsWith(THETA)) theta[name.slice(THETA.length)] = t;
    return theta;
  };
  const sampler = (W: tf.Tensor | undefined, b: tf.Tensor, z: tf.Tensor2D): tf.Tensor2D =>
    (noise === 'none' ? tf.expandDims(b, 0) : noise === 'full' ? tf.add(tf.matMul(z, W!, false, true), b) : tf.add(tf.mul(z, W!), b));
  // the penalty λ‖W‖²_F: ‖σI_d‖²_F = d·σ² for the isotropic factor
  const penalised = noise === 'none' ? [] : ['W'];
  const weights = noise === 'isotropic' ? { W: d } : {};
  const combine = (values: tf.Tensor1D): tf.Scalar => (reduce === 'max' ? tf.max(values) : tf.mean(values));

  /** The x of an evaluation (Monte-Carlo or quadrature): one row per sample. Inside `tf.tidy`. */
  const samplesOf = (key: RandomKey): tf.Tensor2D => {
    if (noise === 'none') return tf.zeros([1, d]);
    if (fixed !== undefined || e.kind !== 'monte-carlo') return fixed!.z;
    if (e.mode === 'antithetic') {
      const half = randomNormal<tf.Rank.R2>(foldIn(key, 'lemma-x'), [e.samples / 2, d]);
      return tf.concat([half, tf.neg(half)]);
    }
    return randomNormal<tf.Rank.R2>(foldIn(key, 'lemma-x'), [e.samples, d]);
  };
  const expectation = (params: Params, key: RandomKey): tf.Scalar => {
    const W = params['W'];
    const b = params['b']!;
    const theta = thetaOf(params);
    if (e.kind === 'exact') return e.value(params);
    if (subspace !== undefined) return subspace.secondOrder(W as tf.Tensor2D, b as tf.Tensor1D, theta);
    if (fixed?.weights !== undefined) return tf.sum(tf.mul(gOf(sampler(W, b, fixed.z), theta, key), fixed.weights));
    return combine(gOf(sampler(W, b, samplesOf(key)), theta, key));
  };

  // E[g(Wx + b)] and its gradient from g's own (gValueAndGrad), carried back through y = Wx + b
  const gFused = options.gValueAndGrad;
  const gPass = options.gPass;
  const hasTheta = Object.keys(options.theta0 ?? {}).length > 0;
  const fusedFromG =
    (gFused !== undefined || gPass !== undefined) && !hasTheta && reduce === 'mean' && (e.kind === 'monte-carlo' || e.kind === 'quadrature')
      ? (params: Params, key: RandomKey): { value: tf.Scalar; grads: Params } => {
          const W = params['W'];
          const b = params['b']!;
          const z = samplesOf(key);
          if (gPass !== undefined) {
            const weights = fixed?.weights ?? tf.fill([z.shape[0]], 1 / z.shape[0]);
            const pass = gPass({ ...(W === undefined ? {} : { W }), b: b as tf.Tensor1D, z, weights }, key);
            const wrong = (name: string, want: tf.Tensor, got: tf.Tensor | undefined): boolean => got === undefined || got.shape.join(',') !== want.shape.join(',');
            if (wrong('b', b, pass.grads.b) || (W !== undefined && wrong('W', W, pass.grads.W)) || pass.values.shape[0] !== z.shape[0]) {
              throw new DerandError('BAD_PARAMS', `gPass must return values [${z.shape[0]}] and gradients shaped as b [${b.shape.join(', ')}]${W === undefined ? '' : ` and W [${W.shape.join(', ')}]`}.`);
            }
            return { value: tf.sum(tf.mul(pass.values, weights)), grads: { b: pass.grads.b, ...(W === undefined ? {} : { W: pass.grads.W! }) } };
          }
          const { values, dy } = gFused!(sampler(W, b, z), {}, key);
          // w_s: the quadrature weights, or 1/S
          const weights = fixed?.weights ?? tf.fill([values.shape[0]], 1 / values.shape[0]);
          const weighted = tf.mul<tf.Tensor2D>(dy, tf.expandDims(weights, 1));
          const grads: Record<string, tf.Tensor> = { b: tf.sum(weighted, 0) };
          if (noise === 'full') grads['W'] = tf.matMul(weighted, z, true, false);
          else if (noise === 'diagonal') grads['W'] = tf.sum(tf.mul(weighted, z), 0);
          else if (noise === 'isotropic') grads['W'] = tf.sum(tf.mul(weighted, z));
          return { value: tf.sum(tf.mul(values, weights)), grads };
        }
      : undefined;

  const checkGroups = (params: Params): void => {
    if ((noise !== 'none' && params['W'] === undefined) || params['b'] === undefined) {
      throw new DerandError('BAD_PARAMS', `derandomizedObjective needs groups ${noise === 'none' ? "'b'" : "'W' and 'b'"} (got ${Object.keys(params).join(', ')}).`);
    }
  };
  const fusedExpectation = options.expectationValueAndGrad ?? fusedFromG;
  const reason =
    noise === 'none' ? 'no random part' : reduce === 'max' ? 'the samples are reduced by a max, not an expectation' : options.lambda > 0 ? undefined : 'λ = 0';
  return {
    init,
    value: (params, key) =>
      tf.tidy(() => {
        checkGroups(params);
        return addPenalty(expectation(params, key), params, penalised, options.lambda, weights);
      }),
    // A fused pass of the expectation gets the penalty added here, once; the subspace rule's
    // first-order pass skips its curvature term (zero value, zero gradient).
    ...(fusedExpectation !== undefined
      ? {
          valueAndGrad: (params: Params, key: RandomKey) =>
            tf.tidy(() => {
              checkGroups(params);
              const { value, grads } = fusedExpectation(params, key);
              return { value: addPenalty(value, params, penalised, options.lambda, weights), grads: addPenaltyGradient(grads, params, penalised, options.lambda, weights) };
            }),
        }
      : subspace === undefined
        ? {}
        : {
            valueAndGrad: (params: Params) =>
              tf.tidy(() => {
                checkGroups(params);
                return valueAndGradsOfParams((p) => addPenalty(subspace.firstOrder(p['W'] as tf.Tensor2D, p['b'] as tf.Tensor1D, thetaOf(p)), p, penalised, options.lambda, weights), params);
              }),
          }),
    // the lemma's bound is decided here, once: which group, which factor, and whether it applies
    ...(noise === 'none'
      ? {}
      : { lemma: { noiseGroups: ['W'], lambda: options.lambda, factor: noise, dimension: d, applies: reason === undefined, ...(reason === undefined ? {} : { reason }) } }),
    dispose: () => {
      tf.dispose(Object.values(init));
      if (fixed !== undefined) tf.dispose([fixed.z, ...(fixed.weights === undefined ? [] : [fixed.weights])]);
      subspace?.dispose();
    },
  };
}
