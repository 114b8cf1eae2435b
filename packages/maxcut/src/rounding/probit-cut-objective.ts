import * as tf from '@tensorflow/tfjs-core';
import { derandomizedObjective, type Objective } from '@derand/core';
import type { Graph } from '../graph/graph.js';
import { indexedRows } from './edge-ops.js';
import { probitCutValueAndGradient } from './probit-cut-host.js';
import { sameSideProbability, sameSideRule } from './same-side-probability.js';
import { sameSideProbability64 } from './normal-distribution.js';
import { vertexScales } from './vertex-scales.js';

/** How the rounding objective takes the expectation over z. */
export type RoundingExpectation =
  | { readonly kind: 'exact' }
  | { readonly kind: 'monte-carlo'; readonly samples: number; readonly mode?: 'fresh' | 'fixed' | 'antithetic' };

export interface ProbitCutObjectiveOptions {
  readonly graph: Graph;
  /** V₀ (n × rank, row-major), usually the SDP vectors. */
  readonly vectors: Float64Array | Float32Array;
  readonly rank: number;
  /** μ₀ (n); not all zero — μ = 0 is a stationary point by the symmetry z → −z. */
  readonly mu: Float64Array | Float32Array;
  /** Smoothing scale τ > 0 of the probit indicator. */
  readonly tau: number;
  /** λ of λ‖V‖²_F (in units of the normalised objective), > 0. */
  readonly lambda: number;
  /** Default exact. */
  readonly expectation?: RoundingExpectation;
  /**
   * Where the exact expectation is computed ({@link ProbitCutImplementation}; default `'host'`).
   * `value` is the tfjs implementation either way (differentiable twice), so Hessian–vector
   * products work with both.
   */
  readonly implementation?: ProbitCutImplementation;
}

/**
 * The two implementations of the exact expectation behind one objective:
 * - `'host'`: derandomizedObjective gets a fused first-order pass through its
 *   `expectationValueAndGrad` hook (one float64 pass over the edges on typed arrays, reading V and
 *   μ back each step; the penalty is added there, once), used by the training loop; the value's
 *   quadrature also runs on the host. Fastest where tensors live in host memory (cpu, wasm).
 * - `'tensor'`: no hook; gradients come from the tape and the value's quadrature is tensor ops,
 *   so a training step runs entirely on the active backend (a GPU: nothing is read back).
 */
export type ProbitCutImplementation = 'host' | 'tensor';

/**
 * The normalisation d̄ = 2Σ_e |w_e| / n (mean absolute weighted degree): the objective is
 * divided by it, so that step sizes and λ mean the same on sparse and dense graphs.
 */
export function objectiveScale(graph: Graph): number {
  let total = 0;
  for (let e = 0; e < graph.m; e++) total += Math.abs(graph.weight[e]!);
  return total > 0 ? (2 * total) / graph.n : 1;
}

/**
 * The paper's derandomized-rounding objective for MAXCUT as an instance of the lemma
 * (W = V, b = μ, x = z ~ N(0, I_r)):
 *
 *   f(V, μ) = E_z[ g(Vz + μ) ] + λ‖V‖²_F,  g(y) = (1/d̄)·Σ_e w_e (1 + t_i t_j)/2,  t = 2Φ(y/τ) − 1,
 *
 * the expected same-side weight of the probit-smoothed signs (t_i = E_ε[sign(y_i + τε_i)]):
 * minimising it maximises the smoothed cut. Exactly, y_i + τε_i ~ N(μ_i, s_i²) with
 * s_i² = ‖v_i‖² + τ², so E_z[g] = (1/d̄)·Σ_e w_e P(a_i, a_j; ρ_ij) with a_i = μ_i/s_i,
 * ρ_ij = v_i·v_j/(s_i s_j) and P the bivariate-normal same-side probability
 * ({@link sameSideProbability}); this closed form is the default (deterministic, exact
 * gradients). `monte-carlo` uses the same g with reparameterised samples of z.
 *
 * Built with the core's `derandomizedObjective`, so the groups are `W` (= V) and `b` (= μ) and
 * `lemma` is set: at a ρ-SOSP, ‖V‖_F ≤ ρ/(2λ − √(Kρ)) and the rounding collapses to sign(μ).
 *
 * @param options - graph, V₀, rank, μ₀, τ, λ, expectation (default exact), implementation (default host)
 * @returns an Objective owning its tensors (call `dispose`)
 * @example
 * const f = probitCutObjective({ graph, vectors: sdp.vectors, rank: sdp.rank, mu, tau: 0.1, lambda: 0.01 });
 * @see paper §5 (MAXCUT), Goemans & Williamson (1995).
 */
export function probitCutObjective(options: ProbitCutObjectiveOptions): Objective {
  const { graph, rank, tau } = options;
  const scale = objectiveScale(graph);
  const src = indexedRows(graph.from, graph.n);
  const dst = indexedRows(graph.to, graph.n);
  const weights = tf.tensor1d(Float32Array.from(graph.weight, (w) => w / scale));
  const tau2 = tau * tau;
  const sqrtHalfOverTau = Math.SQRT1_2 / tau;

  // g on a batch of y [S, n]: Σ_e (w_e/d̄)(1 + t_i t_j)/2 per sample.
  const onBackend = options.implementation === 'tensor';
  const rule = onBackend ? sameSideRule() : undefined;
  const g = (y: tf.Tensor2D): tf.Tensor1D =>
    tf.tidy(() => {
      const t = tf.erf(tf.mul(y, sqrtHalfOverTau));
      // rows of tᵀ are vertices: gather them per edge, then contract with the weights
      const tt = tf.transpose(t);
      const same = tf.mul(0.5, tf.add(1, tf.mul(src.gather(tt), dst.gather(tt)))); // [m, S]
      return tf.reshape<tf.Rank.R1>(tf.matMul(tf.reshape(weights, [1, -1]), same), [-1]);
    });

  const hostWeights = Float64Array.from(graph.weight, (w) => w / scale);
  const exact = (params: Record<string, tf.Tensor>): tf.Scalar =>
    tf.tidy(() => {
      const V = params['W'] as tf.Tensor2D;
      const mu = params['b'] as tf.Tensor1D;
      const s = tf.sqrt(tf.add(tf.sum(tf.square(V), 1), tau2));
      const a = tf.div(mu, s);
      const dots = tf.sum(tf.mul(src.gather(V), dst.gather(V)), 1);
      const rho = tf.div<tf.Tensor1D>(dots, tf.mul(src.gather(s), dst.gather(s)));
      const p = sameSideProbability(src.gather(a) as tf.Tensor1D, dst.gather(a) as tf.Tensor1D, rho, rule);
      return tf.sum(tf.mul(p, weights));
    });

  const expectation = options.expectation ?? { kind: 'exact' };
  // E_z[g] and its gradient from the float64 host kernel, for the training loop; the penalty
  // λ‖V‖²_F and its gradient are added once, by derandomizedObjective.
  const hostExpectation = (params: Record<string, tf.Tensor>): { value: tf.Scalar; grads: Record<string, tf.Tensor> } => {
    const V = params['W']!;
    const rank = V.shape[1]!;
    const gradV = new Float64Array(graph.n * rank);
    const gradMu = new Float64Array(graph.n);
    const e = probitCutValueAndGradient(graph, hostWeights, V.dataSync(), rank, params['b']!.dataSync(), tau, gradV, gradMu);
    return { value: tf.scalar(e), grads: { W: tf.tensor2d(Float32Array.from(gradV), [graph.n, rank]), b: tf.tensor1d(Float32Array.from(gradMu)) } };
  };
  const W0 = tf.tensor2d(Float32Array.from(options.vectors), [graph.n, rank]);
  const b0 = tf.tensor1d(Float32Array.from(options.mu));
  const base = derandomizedObjective({
    g,
    W0,
    b0,
    lambda: options.lambda,
    expectation:
      expectation.kind === 'exact'
        ? { kind: 'exact', value: exact }
        : { kind: 'monte-carlo', samples: expectation.samples, ...(expectation.mode === undefined ? {} : { mode: expectation.mode }) },
    ...(expectation.kind === 'exact' && !onBackend ? { expectationValueAndGrad: hostExpectation } : {}),
  });
  tf.dispose([W0, b0]);
  return {
    ...base,
    dispose: () => {
      base.dispose?.();
      src.dispose();
      dst.dispose();
      weights.dispose();
      rule?.dispose();
    },
  };
}

/**
 * Float64 host value of the exact objective f(V, μ) (same normalisation), the reference the
 * tensor objective and its gradients are tested against.
 */
export function probitCutValue64(
  graph: Graph,
  vectors: ArrayLike<number>,
  rank: number,
  mu: ArrayLike<number>,
  tau: number,
  lambda: number,
): number {
  const scale = objectiveScale(graph);
  const s = new Float64Array(graph.n);
  const squared = vertexScales(vectors, graph.n, rank, tau, s);
  let total = 0;
  for (let e = 0; e < graph.m; e++) {
    const i = graph.from[e]!;
    const j = graph.to[e]!;
    let dot = 0;
    for (let t = 0; t < rank; t++) dot += vectors[i * rank + t]! * vectors[j * rank + t]!;
    const rho = Math.max(-0.9999, Math.min(0.9999, dot / (s[i]! * s[j]!)));
    total += (graph.weight[e]! / scale) * sameSideProbability64(mu[i]! / s[i]!, mu[j]! / s[j]!, rho);
  }
  return total + lambda * squared;
}
