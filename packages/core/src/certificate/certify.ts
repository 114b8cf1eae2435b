import * as tf from '@tensorflow/tfjs-core';
import { foldIn, type RandomKey } from '../random/key.js';
import { sampleNormal } from '../random/sample.js';
import { disposeParams, type Params } from '../params/params.js';
import type { Objective } from '../params/types.js';
import { gradientOf } from '../curvature/hessian-vector-product.js';
import { estimateHessianLipschitz, hessianOperator } from '../curvature/hessian-operator.js';
import { lanczos } from '../linalg/lanczos.js';
import { lemmaBound } from './lemma-bound.js';

/**
 * The default precision ρ of the certificate: a tolerance stated in advance, not the measured
 * ‖∇f‖ (which would make the gradient half of the definition true by construction). 1e-3 is
 * reachable in float32 on every built-in objective; callers that want a tighter statement pass
 * their own ρ (the lemma solver uses ρ small enough that its bound applies at its λ).
 */
export const DEFAULT_CERTIFICATE_RHO = 1e-3;

export interface CertifyOptions {
  /** Sample key held fixed for every gradient and HVP (common random numbers). */
  readonly key: RandomKey;
  /** Precision ρ, a tolerance stated in advance (default {@link DEFAULT_CERTIFICATE_RHO}). */
  readonly rho?: number;
  /** Hessian-Lipschitz constant K; default: estimated locally ({@link estimateHessianLipschitz}). */
  readonly K?: number;
  /** How to form H v: reverse-over-reverse autodiff (default) or central differences of the gradient. */
  readonly hvp?: 'autodiff' | 'finite-difference';
  /** Lanczos iterations (default 40). */
  readonly lanczosSteps?: number;
  /** Options of the local K estimate. */
  readonly estimateK?: { readonly radius?: number; readonly samples?: number; readonly powerSteps?: number };
  /** Only these groups (others held fixed); default all. */
  readonly groups?: readonly string[];
}

export interface SecondOrderCertificate {
  readonly gradNorm: number;
  /** λ_min(∇²f) by Lanczos, with its unit eigenvector (host copy per group). */
  readonly lambdaMin: number;
  readonly lambdaMax: number;
  readonly eigenvector: Record<string, Float32Array>;
  /** ‖H v − λ_min v‖ of the Ritz pair. */
  readonly residual: number;
  readonly rho: number;
  readonly K: number;
  readonly KEstimated: boolean;
  /** Local gradient-Lipschitz estimate max |λ(∇²f)|. */
  readonly L: number;
  /** −√(Kρ): the curvature threshold of a ρ-SOSP. */
  readonly curvatureThreshold: number;
  /** The gradient half of the definition: ‖∇f‖ ≤ ρ. */
  readonly gradientHolds: boolean;
  /** The curvature half: λ_min(∇²f) ≥ −√(Kρ). */
  readonly curvatureHolds: boolean;
  /** Both halves: the point is a ρ-SOSP. */
  readonly isSOSP: boolean;
  /**
   * The smallest ρ' for which the point is a ρ'-SOSP with this K: max(‖∇f‖, λ_min⁻²/K), where
   * λ_min⁻ = max(0, −λ_min). A measured figure, reported beside the stated tolerance.
   */
  readonly smallestRho: number;
  /** Which half failed, in words, or undefined for a ρ-SOSP. */
  readonly failure?: string;
  /** For lemma-shaped objectives: the bound ‖W‖_F ≤ ρ/(2λ − √(Kρ)) against the measured ‖W‖_F. */
  readonly lemma?: {
    readonly lambda: number;
    readonly normW: number;
    /** The bound of {@link lemmaBound} at the stated ρ, or Infinity when it does not apply. */
    readonly bound: number;
    /** The objective is lemma-shaped (metadata.applies) and 2λ > √(Kρ). */
    readonly applicable: boolean;
    /** Why the bound does not apply, when it does not. */
    readonly reason?: string;
    /** ‖W‖_F ≤ bound, up to float32 resolution. */
    readonly holds: boolean;
    /** 4·2⁻²⁴·‖W‖_F: the float32 resolution allowed in `holds`. */
    readonly resolution: number;
  };
  readonly hvp: 'autodiff' | 'finite-difference';
  readonly hvpCount: number;
}

/**
 * The second-order certificate: is `params` a ρ-SOSP of f, i.e. ‖∇f‖ ≤ ρ and
 * λ_min(∇²f) ≥ −√(Kρ) (Jin et al. 2017; the paper's Definition 2.2)? λ_min comes from Lanczos
 * on Hessian–vector products; K from the caller or a local estimate. For lemma-shaped
 * objectives (objective.lemma set) it also reports the bound of the derandomization lemma
 * ({@link lemmaBound}) at the stated ρ next to the measured ‖W‖_F, and whether it applies.
 * ρ is a tolerance the caller states; both halves of the definition are reported.
 *
 * @example
 * const cert = certifySecondOrder(objective, params, { key: keyFromSeed(0) });
 * if (!cert.isSOSP) console.log('escape direction', cert.eigenvector);
 */
export function certifySecondOrder(objective: Objective, params: Params, options: CertifyOptions): SecondOrderCertificate {
  const grads = gradientOf(objective, params, options.key);
  const gradNorm = tf.tidy(() => {
    const parts = Object.entries(grads)
      .filter(([n]) => options.groups === undefined || options.groups.includes(n))
      .map(([, g]) => tf.sum(tf.square(g)));
    return Math.sqrt(tf.addN(parts).dataSync()[0] ?? NaN);
  });
  disposeParams(grads);
  const operator = hessianOperator(objective, params, {
    key: options.key,
    ...(options.hvp === undefined ? {} : { hvp: options.hvp }),
    ...(options.groups === undefined ? {} : { groups: options.groups }),
  });
  const start = sampleNormal(foldIn(options.key, 'lanczos-start'), operator.layout.total);
  const spectrum = lanczos(operator.apply, start, { steps: options.lanczosSteps ?? 40 });
  const rho = options.rho ?? DEFAULT_CERTIFICATE_RHO;
  if (!(rho > 0) || !Number.isFinite(rho)) throw new RangeError(`certifySecondOrder: rho must be a finite number > 0 (got ${rho}).`);
  const KEstimated = options.K === undefined;
  const K =
    options.K ??
    estimateHessianLipschitz(objective, params, {
      key: foldIn(options.key, 'K'),
      ...(options.hvp === undefined ? {} : { hvp: options.hvp }),
      ...(options.groups === undefined ? {} : { groups: options.groups }),
      ...options.estimateK,
    });
  const curvatureThreshold = -Math.sqrt(K * rho);
  const eigenvector: Record<string, Float32Array> = {};
  let offset = 0;
  operator.layout.names.forEach((n, i) => {
    eigenvector[n] = Float32Array.from(spectrum.minVector.subarray(offset, offset + operator.layout.sizes[i]!));
    offset += operator.layout.sizes[i]!;
  });
  let lemma: SecondOrderCertificate['lemma'];
  if (objective.lemma !== undefined) {
    const { noiseGroups, lambda, factor, dimension } = objective.lemma;
    const normW = tf.tidy(() => Math.sqrt(tf.addN(noiseGroups.map((g) => tf.sum(tf.square(params[g]!)))).dataSync()[0] ?? NaN));
    const stated = lemmaBound({ rho, K, lambda, ...(factor === undefined ? {} : { factor }), ...(dimension === undefined ? {} : { dimension }) });
    const shapeApplies = objective.lemma.applies !== false;
    const applicable = shapeApplies && stated.applicable;
    const bound = applicable ? stated.bound : Number.POSITIVE_INFINITY;
    const reason = !shapeApplies ? (objective.lemma.reason ?? 'the objective is not of the lemma\'s shape') : stated.applicable ? undefined : `2λ = ${2 * lambda} ≤ √(Kρ) = ${Math.sqrt(K * rho).toExponential(3)}`;
    // ‖W‖_F and the bound are both computed in float32: at a collapsed point ∇_W f ≈ 2λW makes
    // them equal to rounding, so the comparison allows float32 resolution, 4·2⁻²⁴·‖W‖_F.
    const resolution = 4 * 2 ** -24 * normW;
    lemma = { lambda, normW, bound, applicable, ...(reason === undefined ? {} : { reason }), holds: normW <= bound + resolution, resolution };
  }
  const gradientHolds = gradNorm <= rho;
  const curvatureHolds = spectrum.min >= curvatureThreshold;
  const negative = Math.max(0, -spectrum.min);
  const failure = [
    ...(gradientHolds ? [] : [`‖∇f‖ = ${gradNorm.toExponential(3)} > ρ = ${rho.toExponential(3)}`]),
    ...(curvatureHolds ? [] : [`λ_min = ${spectrum.min.toExponential(3)} < −√(Kρ) = ${curvatureThreshold.toExponential(3)}`]),
  ].join('; ');
  return {
    gradNorm,
    lambdaMin: spectrum.min,
    lambdaMax: spectrum.max,
    eigenvector,
    residual: spectrum.residual,
    rho,
    K,
    KEstimated,
    L: Math.max(Math.abs(spectrum.min), Math.abs(spectrum.max)),
    curvatureThreshold,
    gradientHolds,
    curvatureHolds,
    isSOSP: gradientHolds && curvatureHolds,
    smallestRho: Math.max(gradNorm, K > 0 ? (negative * negative) / K : negative > 0 ? Number.POSITIVE_INFINITY : 0),
    ...(failure === '' ? {} : { failure }),
    ...(lemma === undefined ? {} : { lemma }),
    hvp: options.hvp ?? 'autodiff',
    hvpCount: operator.count(),
  };
}

/** The ρ-SOSP figures a solver's result carries: the measured ‖∇f‖, λ_min and K, the stated ρ, each half of the definition. */
export type SospSummary = Pick<SecondOrderCertificate, 'gradNorm' | 'lambdaMin' | 'rho' | 'K' | 'curvatureThreshold' | 'gradientHolds' | 'curvatureHolds' | 'isSOSP' | 'smallestRho' | 'failure'>;

/**
 * The {@link SospSummary} of a certificate, for results (one definition of what they report).
 *
 * @example const summary = sospSummary(certifySecondOrder(objective, params, { key, rho: 1e-6 }));
 */
export function sospSummary(c: SecondOrderCertificate): SospSummary {
  return {
    gradNorm: c.gradNorm,
    lambdaMin: c.lambdaMin,
    rho: c.rho,
    K: c.K,
    curvatureThreshold: c.curvatureThreshold,
    gradientHolds: c.gradientHolds,
    curvatureHolds: c.curvatureHolds,
    isSOSP: c.isSOSP,
    smallestRho: c.smallestRho,
    ...(c.failure === undefined ? {} : { failure: c.failure }),
  };
}
