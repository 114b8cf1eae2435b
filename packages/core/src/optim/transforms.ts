import * as tf from '@tensorflow/tfjs-core';
import { foldIn } from '../random/key.js';
import { randomNormal } from '../random/kernels.js';
import { mapParams, type Params } from '../params/params.js';
import type { GradientTransformation, StepSize, UpdateContext, UpdateResult } from '../params/types.js';

/**
 * Small composable gradient transformations (optax style). Each maps incoming `updates`
 * (initially the gradients) to new updates; `chain` composes them left to right and the
 * final updates are added to the parameters.
 */

export const stepSizeAt = (size: StepSize, step: number): number => (typeof size === 'number' ? size : size(step));

/** u ← −η_t·u: gradient descent's step, η a constant or a schedule. */
export function scaleByLearningRate(learningRate: StepSize): GradientTransformation<null> {
  return {
    init: () => null,
    update: (updates, state, { step }) => {
      const eta = stepSizeAt(learningRate, step);
      return { updates: mapParams(updates, (u) => tf.mul(u, -eta)), state, info: { learningRate: eta } };
    },
  };
}

/** u ← 0: the group does not move (a frozen layer). */
export function freeze(): GradientTransformation<null> {
  return { init: () => null, update: (updates, state) => ({ updates: mapParams(updates, (u) => tf.zerosLike(u)), state }) };
}

/** u ← c·u. */
export function scale(factor: number): GradientTransformation<null> {
  return { init: () => null, update: (updates, state) => ({ updates: mapParams(updates, (u) => tf.mul(u, factor)), state }) };
}

/**
 * u ← u + rate·p on the chosen groups: the gradient of (rate/2)‖p‖², i.e. weight decay.
 * For the lemma's λ‖W‖²_F term use rate = 2λ.
 */
export function addDecayedWeights(options: { rate: number; groups?: readonly string[] }): GradientTransformation<null> {
  return {
    init: () => null,
    update: (updates, state, { params }) => ({
      updates: mapParams(updates, (u, name) => {
        const p = params[name];
        return p !== undefined && (options.groups === undefined || options.groups.includes(name)) && options.rate !== 0
          ? tf.add(u, tf.mul(p, options.rate))
          : tf.clone(u);
      }),
      state,
    }),
  };
}

/** Heavy-ball momentum m ← βm + u; u ← m (or u + βm for Nesterov). */
export function traceMomentum(options: { decay: number; nesterov?: boolean }): GradientTransformation<Params> {
  return {
    init: (params) => mapParams(params, (p) => tf.zerosLike(p)),
    update: (updates, momentum) => {
      const next = mapParams(updates, (u, name) => tf.add(tf.mul(momentum[name] ?? tf.zerosLike(u), options.decay), u));
      const out = options.nesterov === true ? mapParams(updates, (u, name) => tf.add(u, tf.mul(next[name]!, options.decay))) : mapParams(next, (m) => tf.clone(m));
      return { updates: out, state: next };
    },
  };
}

export interface AdamState {
  readonly m: Params;
  readonly v: Params;
  readonly count: number;
}

/** Adam's default constants. */
export const ADAM_DEFAULTS = { b1: 0.9, b2: 0.999, eps: 1e-8 } as const;

/**
 * Adam's preconditioning (Kingma & Ba 2015): m ← β₁m + (1−β₁)u, v ← β₂v + (1−β₂)u²,
 * u ← m̂ / (√v̂ + ε) with bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 */
export function scaleByAdam(options: { b1?: number; b2?: number; eps?: number } = {}): GradientTransformation<AdamState> {
  const b1 = options.b1 ?? ADAM_DEFAULTS.b1;
  const b2 = options.b2 ?? ADAM_DEFAULTS.b2;
  const eps = options.eps ?? ADAM_DEFAULTS.eps;
  return {
    init: (params) => ({ m: mapParams(params, (p) => tf.zerosLike(p)), v: mapParams(params, (p) => tf.zerosLike(p)), count: 0 }),
    update: (updates, state) => {
      const count = state.count + 1;
      const m = mapParams(updates, (u, name) => tf.add(tf.mul(state.m[name]!, b1), tf.mul(u, 1 - b1)));
      const v = mapParams(updates, (u, name) => tf.add(tf.mul(state.v[name]!, b2), tf.mul(tf.square(u), 1 - b2)));
      const c1 = 1 / (1 - b1 ** count);
      const c2 = 1 / (1 - b2 ** count);
      const out = mapParams(m, (mi, name) => tf.div(tf.mul(mi, c1), tf.add(tf.sqrt(tf.mul(v[name]!, c2)), eps)));
      return { updates: out, state: { m, v, count } };
    },
  };
}

/** When `addNoise` fires. */
export type NoiseTrigger = 'always' | { readonly gradNormBelow: number; readonly of?: readonly string[] };

export interface AddNoiseOptions {
  /** Standard deviation of the Gaussian noise added to each entry. */
  readonly std: number;
  /** Groups that receive noise (default: all). */
  readonly groups?: readonly string[];
  /** Always, or only when ‖∇f‖ over `of` (default all groups) is below a threshold. */
  readonly when?: NoiseTrigger;
}

/**
 * u ← u + ξ, ξ ~ N(0, std²) entrywise on the chosen groups, drawn from the step's key; with
 * `when.gradNormBelow` it fires only near first-order stationary points (the authors' code:
 * noise 0.005 on W and b whenever ‖∇_W f‖ < 1e-6). Counts the perturbations in its state.
 */
export function addNoise(options: AddNoiseOptions): GradientTransformation<{ perturbations: number }> {
  const when = options.when ?? 'always';
  return {
    init: () => ({ perturbations: 0 }),
    update: (updates, state, context: UpdateContext): UpdateResult<{ perturbations: number }> => {
      const fire =
        when === 'always' ||
        (when.of === undefined ? context.gradNorm() : context.gradNormOf(when.of)) < when.gradNormBelow;
      if (!fire) return { updates: mapParams(updates, (u) => tf.clone(u)), state };
      const key = foldIn(context.key, 'noise');
      const out = mapParams(updates, (u, name) =>
        options.groups === undefined || options.groups.includes(name) ? tf.add(u, randomNormal(foldIn(key, name), u.shape, 0, options.std)) : tf.clone(u),
      );
      const perturbations = state.perturbations + 1;
      return { updates: out, state: { perturbations }, info: { perturbations } };
    },
  };
}

/** Applies a different transformation to each group (optax `multi_transform`). */
export function perGroup(
  transforms: Readonly<Record<string, GradientTransformation<unknown>>>,
  fallback?: GradientTransformation<unknown>,
): GradientTransformation<Record<string, unknown>> {
  const pick = (name: string): GradientTransformation<unknown> | undefined => transforms[name] ?? fallback;
  return {
    init: (params) => {
      const state: Record<string, unknown> = {};
      for (const name of Object.keys(params)) state[name] = pick(name)?.init({ [name]: params[name]! });
      return state;
    },
    update: (updates, state, context) => {
      const out: Record<string, tf.Tensor> = {};
      const next: Record<string, unknown> = {};
      let stop: UpdateResult<unknown>['stop'];
      const info: Record<string, number> = {};
      for (const [name, u] of Object.entries(updates)) {
        const transform = pick(name);
        if (transform === undefined) {
          out[name] = tf.zerosLike(u); // no transform: the group is frozen
          continue;
        }
        const result = transform.update({ [name]: u }, state[name], { ...context, params: { [name]: context.params[name]! } });
        out[name] = result.updates[name]!;
        next[name] = result.state;
        stop ??= result.stop;
        for (const [k, v] of Object.entries(result.info ?? {})) info[`${name}.${k}`] = v;
      }
      return { updates: out, state: next, ...(stop === undefined ? {} : { stop }), info };
    },
  };
}

/**
 * Composes transformations left to right; the first stop request wins. Intermediate updates
 * are freed by the `tf.tidy` the training loop runs `update` in.
 */
export function chain(...transforms: GradientTransformation<unknown>[]): GradientTransformation<unknown[]> {
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update: (grads, states, context) => {
      let updates = grads;
      const next: unknown[] = [];
      const info: Record<string, number> = {};
      let stop: UpdateResult<unknown>['stop'];
      transforms.forEach((t, i) => {
        const result = t.update(updates, states[i], context);
        updates = result.updates;
        next.push(result.state);
        Object.assign(info, result.info);
        stop ??= result.stop;
      });
      return { updates, state: next, info, ...(stop === undefined ? {} : { stop }) };
    },
  };
}
