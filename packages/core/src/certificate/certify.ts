import * as tf from '@tensorflow/tfjs-core';
import { foldIn, type RandomKey } from '../random/key.js';
import { sampleNormal } from '../random/sample.js';
import { disposeParams, type Params } from '../optim/params.js';
import type { Objective } from '../optim/types.js';
import { finiteDifferenceHvp, gradientOf, hessianVectorProduct } from './hessian-vector-product.js';
import { lanczos } from '../linalg/lanczos.js';

export interface CertifyOptions {
  /** Sample key held fixed for every gradient and HVP (common random numbers). */
  readonly key: RandomKey;
  /** Precision ρ; default: the measured ‖∇f‖ (then only the curvature condition can fail). */
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
  /** ‖∇f‖ ≤ ρ and λ_min ≥ −√(Kρ). */
  readonly isSOSP: boolean;
  /** For lemma-shaped objectives: the bound ‖W‖_F ≤ ρ/(2λ − √(Kρ)) against the measured ‖W‖_F. */
  readonly lemma?: {
    readonly lambda: number;
    readonly normW: number;
    /** ρ/(2λ − √(Kρ)), or Infinity when 2λ ≤ √(Kρ) (the lemma says nothing then). */
    readonly bound: number;
    readonly applicable: boolean;
    /** ‖W‖_F ≤ bound, up to float32 resolution. */
    readonly holds: boolean;
    /** 4·2⁻²⁴·‖W‖_F: the float32 resolution allowed in `holds`. */
    readonly resolution: number;
  };
  readonly hvp: 'autodiff' | 'finite-difference';
  readonly hvpCount: number;
}

/** Euclidean norm of a host vector (a loop: spreading long arrays overflows the stack). */
function norm2(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

interface Layout {
  readonly names: string[];
  readonly shapes: number[][];
  readonly sizes: number[];
  readonly total: number;
}

function layoutOf(params: Params, groups?: readonly string[]): Layout {
  const names = Object.keys(params).filter((n) => groups === undefined || groups.includes(n));
  const shapes = names.map((n) => [...params[n]!.shape]);
  const sizes = names.map((n) => params[n]!.size);
  return { names, shapes, sizes, total: sizes.reduce((a, b) => a + b, 0) };
}

function toParams(flat: Float64Array, layout: Layout): Params {
  const out: Record<string, tf.Tensor> = {};
  let offset = 0;
  layout.names.forEach((n, i) => {
    out[n] = tf.tensor(Float32Array.from(flat.subarray(offset, offset + layout.sizes[i]!)), layout.shapes[i]);
    offset += layout.sizes[i]!;
  });
  return out;
}

function toFlat(params: Params, layout: Layout): Float64Array {
  const flat = new Float64Array(layout.total);
  let offset = 0;
  for (const n of layout.names) {
    flat.set(params[n]!.dataSync(), offset);
    offset += params[n]!.size;
  }
  return flat;
}

/** H·v as a host operator over the chosen groups, counting products. */
export function hessianOperator(
  objective: Objective,
  params: Params,
  options: { key: RandomKey; hvp?: 'autodiff' | 'finite-difference'; groups?: readonly string[] },
): { apply: (v: Float64Array) => Float64Array; layout: Layout; count: () => number } {
  const layout = layoutOf(params, options.groups);
  let count = 0;
  const fixed = Object.fromEntries(Object.entries(params).filter(([n]) => !layout.names.includes(n)));
  const restricted: Objective = {
    init: params,
    value: (p, key) => objective.value({ ...fixed, ...p }, key),
  };
  const free = Object.fromEntries(layout.names.map((n) => [n, params[n]!]));
  const apply = (v: Float64Array): Float64Array => {
    count++;
    const vp = toParams(v, layout);
    const hv =
      options.hvp === 'finite-difference'
        ? finiteDifferenceHvp(restricted, free, vp, options.key)
        : hessianVectorProduct(restricted, free, vp, options.key);
    const out = toFlat(hv, layout);
    disposeParams(vp, hv);
    return out;
  };
  return { apply, layout, count: () => count };
}

/**
 * A local estimate of the Hessian-Lipschitz constant K ≈ max_u ‖∇²f(p + r u) − ∇²f(p)‖₂ / r
 * over random unit directions u, the operator norm by power iteration on the difference.
 * A lower bound on the global K, adequate for certifying near `params`.
 */
export function estimateHessianLipschitz(
  objective: Objective,
  params: Params,
  options: { key: RandomKey; hvp?: 'autodiff' | 'finite-difference'; radius?: number; samples?: number; powerSteps?: number; groups?: readonly string[] },
): number {
  const here = hessianOperator(objective, params, options);
  const { layout } = here;
  const radius = options.radius ?? 1e-2;
  let best = 0;
  for (let s = 0; s < (options.samples ?? 3); s++) {
    const u = sampleNormal(foldIn(options.key, `K-direction-${s}`), layout.total);
    const uNorm = norm2(u);
    const shifted: Record<string, tf.Tensor> = { ...params };
    const created: tf.Tensor[] = [];
    let offset = 0;
    layout.names.forEach((n, i) => {
      const size = layout.sizes[i]!;
      const delta = tf.tensor(Float32Array.from(u.subarray(offset, offset + size), (x) => (radius * x) / uNorm), layout.shapes[i]);
      const moved = tf.add(params[n]!, delta);
      delta.dispose();
      created.push(moved);
      shifted[n] = moved;
      offset += size;
    });
    const there = hessianOperator(objective, shifted, options);
    let w = sampleNormal(foldIn(options.key, `K-power-${s}`), layout.total);
    let norm = 0;
    for (let k = 0; k < (options.powerSteps ?? 6); k++) {
      const wNorm = norm2(w);
      const unit = w.map((x) => x / wNorm);
      const a = there.apply(unit);
      const b = here.apply(unit);
      const diff = a.map((x, i) => x - b[i]!);
      norm = norm2(diff);
      if (norm === 0) break;
      w = diff;
    }
    tf.dispose(created);
    best = Math.max(best, norm / radius);
  }
  return best;
}

/**
 * The second-order certificate: is `params` a ρ-SOSP of f, i.e. ‖∇f‖ ≤ ρ and
 * λ_min(∇²f) ≥ −√(Kρ) (Jin et al. 2017; the paper's Definition 2.2)? λ_min comes from Lanczos
 * on Hessian–vector products; K from the caller or a local estimate. For lemma-shaped
 * objectives (objective.lemma set) it also reports the bound of the derandomization lemma,
 * ‖W‖_F ≤ ρ/(2λ − √(Kρ)), next to the measured ‖W‖_F.
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
  const rho = options.rho ?? gradNorm;
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
    const { noiseGroups, lambda } = objective.lemma;
    const normW = tf.tidy(() => Math.sqrt(tf.addN(noiseGroups.map((g) => tf.sum(tf.square(params[g]!)))).dataSync()[0] ?? NaN));
    const denominator = 2 * lambda - Math.sqrt(K * rho);
    const applicable = denominator > 0;
    const bound = applicable ? rho / denominator : Number.POSITIVE_INFINITY;
    // ‖W‖_F and the bound are both computed in float32: at a collapsed point ∇_W f ≈ 2λW makes
    // them equal to rounding, so the comparison allows float32 resolution, 4·2⁻²⁴·‖W‖_F.
    const resolution = 4 * 2 ** -24 * normW;
    lemma = { lambda, normW, bound, applicable, holds: normW <= bound + resolution, resolution };
  }
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
    isSOSP: gradNorm <= rho && spectrum.min >= curvatureThreshold,
    ...(lemma === undefined ? {} : { lemma }),
    hvp: options.hvp ?? 'autodiff',
    hvpCount: operator.count(),
  };
}
