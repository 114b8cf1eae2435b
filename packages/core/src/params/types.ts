import type * as tf from '@tensorflow/tfjs-core';
import type { RandomKey } from '../random/key.js';
import type { Params } from './params.js';

/**
 * A differentiable objective f(params; key). `key` selects the Monte-Carlo sample so that a
 * caller (the certificate, PGD's escape test) can hold the sample fixed (common random numbers).
 * Deterministic objectives ignore it.
 */
export interface Objective {
  /** Initial parameters. The objective owns them; `minimize` works on copies. */
  readonly init: Params;
  /** f(params; key) as a scalar tensor, built from tfjs ops so it can be differentiated (twice). */
  value(params: Params, key: RandomKey): tf.Scalar;
  /**
   * Optional fused first-order pass: f and ∇f in one go (a hand-derived backward pass that
   * uses fewer kernels than the tape). The training loop and first-order gradients use it when
   * present; second-order work (HVPs, the certificate's curvature) always differentiates `value`.
   * Must agree with the gradient of `value`.
   */
  valueAndGrad?(params: Params, key: RandomKey): { value: tf.Scalar; grads: Params };
  /**
   * For lemma-shaped objectives f = E_x[g(Wx + b)] + λ‖W‖²: the groups forming the random part
   * W and λ, so the certificate can report the bound ρ/(2λ − √(Kρ)) next to ‖W‖_F.
   */
  readonly lemma?: LemmaMetadata;
  /** Frees tensors the objective owns (init, fixed samples). */
  dispose?(): void;
}

/**
 * What the derandomization lemma says about an objective f = E_x[g(Wx + b)] + λ‖W‖²_F, stated
 * once where the objective is built: the groups forming W, λ, how W is parameterised, and
 * whether the bound applies at all (it needs an expectation, λ > 0 and a random part).
 */
export interface LemmaMetadata {
  readonly noiseGroups: readonly string[];
  readonly lambda: number;
  /** W as a full matrix, a diagonal, or σ·I (the bound on ‖W‖_F differs: see `lemmaBound`). Default 'full'. */
  readonly factor?: 'full' | 'diagonal' | 'isotropic';
  /** The dimension d of x (for σ·I: ‖W‖_F = √d·|σ|). */
  readonly dimension?: number;
  /** False when the bound does not apply; `reason` says why. Default true. */
  readonly applies?: boolean;
  readonly reason?: string;
}

/** What an optimizer's `update` sees besides gradients and state. */
export interface UpdateContext {
  readonly params: Params;
  /** 0-based iteration number. */
  readonly step: number;
  /** Key for the optimizer's own randomness at this step (perturbations). */
  readonly key: RandomKey;
  /** f at `params` with this step's sample (a host read; cached). */
  value(): number;
  /** ‖∇f‖ over all groups (a host read; cached). */
  gradNorm(): number;
  /** ‖∇f‖ over the named groups only. */
  gradNormOf(groups: readonly string[]): number;
  /** The objective and this step's sample key, for optimizers that need curvature (Hessian descent). */
  readonly objective: Objective;
  readonly sampleKey: RandomKey;
}

/** Asks the training loop to stop; optionally hands back the point to return (PGD's saved z̃). */
export interface StopRequest {
  readonly reason: string;
  /** Returned instead of the current iterate; ownership passes to the loop. */
  readonly params?: Params;
}

/**
 * An optimizer in the optax style: a pair of pure functions. `updates` are *added* to the
 * parameters (p ← p + u); transforms compose with `chain`. Randomness comes from
 * `context.key`, never a global. State may hold tensors: `update` returns a new state and the
 * loop disposes the tensors of the old one that the new one no longer holds.
 */
export interface GradientTransformation<S = unknown> {
  init(params: Params): S;
  update(grads: Params, state: S, context: UpdateContext): UpdateResult<S>;
  /**
   * Set by `adam` when it is plain Adam on every group (one constant step size, no per-group
   * settings, no perturbation): its constants, so that a loop on host arrays can run the same
   * update without tensors (the MAXCUT rounding's host loop does). Anything else runs `update`.
   */
  readonly plainAdam?: PlainAdam;
}

/** The constants of a plain Adam (see {@link GradientTransformation.plainAdam}). */
export interface PlainAdam {
  readonly learningRate: number;
  readonly b1: number;
  readonly b2: number;
  readonly eps: number;
}

export interface UpdateResult<S> {
  readonly updates: Params;
  readonly state: S;
  readonly stop?: StopRequest;
  /** Host facts worth logging (perturbation count, current step size). */
  readonly info?: Readonly<Record<string, number>>;
}

/** A step size: a constant or a schedule of the (0-based) step. */
export type StepSize = number | ((step: number) => number);

/** Events streamed by `minimize`. */
export type MinimizeEvent =
  | { readonly type: 'progress'; readonly step: number; readonly total: number }
  | { readonly type: 'metrics'; readonly step: number; readonly values: Readonly<Record<string, number>> }
  | { readonly type: 'snapshot'; readonly step: number; readonly data: unknown }
  | { readonly type: 'done'; readonly step: number; readonly reason: string };
