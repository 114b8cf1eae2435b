import * as tf from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { foldIn, type RandomKey } from '../random/key.js';
import { valueAndGradsOfParams } from '../params/gradients.js';
import { applyUpdates, cloneParams, disposeParams, type Params } from '../params/params.js';
import { disposeReplaced, disposeState, tidyKeep } from './state.js';
import type { GradientTransformation, MinimizeEvent, Objective, UpdateContext } from '../params/types.js';

export interface MinimizeOptions<S> {
  /** Maximum number of iterations. */
  readonly steps: number;
  /** Root key: step t samples with foldIn(foldIn(key, 'sample'), t) and perturbs with foldIn(foldIn(key, 'optimizer'), t). */
  readonly key: RandomKey;
  /** 'fresh' (default): a new Monte-Carlo sample every step (stochastic gradients); 'fixed': the same sample every step. */
  readonly sampling?: 'fresh' | 'fixed';
  /** Metrics cadence in steps (host reads happen only then); default ⌈steps/100⌉. */
  readonly every?: number;
  /** Extra host metrics at the cadence. */
  readonly metrics?: (params: Params, step: number) => Record<string, number>;
  readonly onEvent?: (event: MinimizeEvent) => void;
  /** Steps at which `snapshot(params, step)` is recorded (params after that many updates). */
  readonly snapshotSteps?: readonly number[];
  readonly snapshot?: (params: Params, step: number) => unknown;
  readonly signal?: AbortSignal;
  /** Checked at the cadence; true stops the loop. */
  readonly stopWhen?: (m: { step: number; value: number; gradNorm: number }) => boolean;
  /** Evaluate f and ‖∇f‖ at the returned point once more for `final` (default true). */
  readonly finalEvaluation?: boolean;
  /** Resume: parameters (ownership passes to the loop), optimizer state and the step to continue from. */
  readonly start?: { readonly params: Params; readonly state: S; readonly step: number };
}

export interface MinimizeRecord {
  readonly step: number;
  readonly value: number;
  readonly gradNorm: number;
  readonly [metric: string]: number;
}

export interface MinimizeResult<S> {
  /** The returned point; the caller owns it (dispose with `disposeParams`). */
  readonly params: Params;
  /** Final optimizer state; the caller owns its tensors (`disposeState`). */
  readonly state: S;
  /** Iterations performed (the step counter at exit). */
  readonly steps: number;
  /** 'steps', 'stopWhen', 'aborted', 'non-finite', or the optimizer's stop reason. */
  readonly reason: string;
  readonly history: MinimizeRecord[];
  readonly snapshots: { step: number; data: unknown }[];
  /** f and ‖∇f‖ at the returned point (with the last step's sample); the last recorded values when `finalEvaluation` is false. */
  readonly final: { readonly value: number; readonly gradNorm: number };
  /** Set when the loop stopped on a non-finite value: where, and what was returned instead. */
  readonly nonFinite?: { readonly step: number; readonly returnedStep: number };
}

export class NonFiniteError extends DerandError {
  constructor(step: number, lastGoodStep: number, hint: string) {
    super(
      'NON_FINITE',
      `The objective became non-finite (NaN or ±Inf) at step ${step}; the last finite state (step ${lastGoodStep}) was kept. ${hint}`,
      { details: { step, lastGoodStep } },
    );
  }
}

function valueAndGrads(objective: Objective, params: Params, key: RandomKey): { value: tf.Scalar; grads: Params } {
  if (objective.valueAndGrad !== undefined) return tf.tidy(() => objective.valueAndGrad!(params, key));
  return tf.tidy(() => valueAndGradsOfParams((p) => objective.value(p, key), params));
}

function normOf(grads: Params, groups?: readonly string[]): number {
  return tf.tidy(() => {
    const parts = Object.entries(grads)
      .filter(([n]) => groups === undefined || groups.includes(n))
      .map(([, g]) => tf.sum(tf.square(g)));
    return parts.length === 0 ? 0 : Math.sqrt(tf.addN(parts).dataSync()[0] ?? NaN);
  });
}

/**
 * The single training loop: p_{t+1} = p_t + u_t with (u_t, s_{t+1}) = optimizer.update(∇f(p_t; ξ_t), s_t).
 * Reads values back only at the metrics cadence (or when the optimizer asks), keeps
 * `tf.memory().numTensors` flat, and stops on the optimizer's request, `stopWhen`, an abort
 * signal, or a non-finite value (returning the last finite point).
 *
 * @example
 * const { params, history } = minimize(objective, gradientDescent({ learningRate: 0.1 }), { steps: 1000, key: keyFromSeed(0) });
 */
export function minimize<S>(objective: Objective, optimizer: GradientTransformation<S>, options: MinimizeOptions<S>): MinimizeResult<S> {
  const steps = options.steps;
  if (!Number.isInteger(steps) || steps < 0) throw new DerandError('BAD_OPTION', `steps must be a non-negative integer (got ${steps}).`);
  const every = Math.max(1, options.every ?? Math.ceil(steps / 100));
  const sampleRoot = foldIn(options.key, 'sample');
  const optimizerRoot = foldIn(options.key, 'optimizer');
  const sampleKeyAt = (t: number): RandomKey => (options.sampling === 'fixed' ? sampleRoot : foldIn(sampleRoot, t));
  const snapshotAt = new Set(options.snapshotSteps ?? []);
  const history: MinimizeRecord[] = [];
  const snapshots: { step: number; data: unknown }[] = [];

  let params: Params = options.start?.params ?? cloneParams(objective.init);
  let state: S = options.start?.state ?? tidyKeep(() => optimizer.init(params));
  let step = options.start?.step ?? 0;
  let lastGood = { params: cloneParams(params), step };
  let reason = 'steps';
  let nonFinite: MinimizeResult<S>['nonFinite'];
  const takeSnapshot = (): void => {
    if (options.snapshot !== undefined && snapshotAt.has(step)) snapshots.push({ step, data: options.snapshot(params, step) });
  };

  for (; step < steps; step++) {
    takeSnapshot();
    if (options.signal?.aborted === true) {
      reason = 'aborted';
      break;
    }
    const sampleKey = sampleKeyAt(step);
    const { value, grads } = valueAndGrads(objective, params, sampleKey);
    let valueRead: number | undefined;
    let gradNormRead: number | undefined;
    const context: UpdateContext = {
      params,
      step,
      key: foldIn(optimizerRoot, step),
      value: () => (valueRead ??= value.dataSync()[0] ?? NaN),
      gradNorm: () => (gradNormRead ??= normOf(grads)),
      gradNormOf: (groups) => normOf(grads, groups),
      objective,
      sampleKey,
    };
    const atCadence = step % every === 0 || step === steps - 1;
    const result = tidyKeep(() => optimizer.update(grads, state, context));
    // Finiteness is checked whenever a value was read anyway (cheap), and at the cadence.
    const checked = atCadence || valueRead !== undefined || gradNormRead !== undefined;
    if (checked) {
      const v = atCadence || valueRead !== undefined ? context.value() : 0;
      const g = context.gradNorm();
      if (!Number.isFinite(v) || !Number.isFinite(g)) {
        disposeParams(grads, result.updates);
        value.dispose();
        disposeReplaced(result.state, state);
        reason = 'non-finite';
        nonFinite = { step, returnedStep: lastGood.step };
        break;
      }
      if (atCadence) {
        const record: MinimizeRecord = { step, value: v, gradNorm: g, ...result.info, ...(options.metrics?.(params, step) ?? {}) };
        history.push(record);
        options.onEvent?.({ type: 'metrics', step, values: record });
        options.onEvent?.({ type: 'progress', step, total: steps });
      }
      if (atCadence) {
        disposeParams(lastGood.params);
        lastGood = { params: cloneParams(params), step };
      }
      if (atCadence && options.stopWhen?.({ step, value: v, gradNorm: g }) === true) {
        disposeParams(grads, result.updates);
        value.dispose();
        disposeReplaced(state, result.state);
        state = result.state;
        reason = 'stopWhen';
        break;
      }
    }
    const next = tf.tidy(() => applyUpdates(params, result.updates));
    disposeParams(params, grads, result.updates);
    value.dispose();
    disposeReplaced(state, result.state);
    params = next;
    state = result.state;
    if (result.stop !== undefined) {
      reason = result.stop.reason;
      if (result.stop.params !== undefined) {
        disposeParams(params);
        params = result.stop.params;
      }
      step++;
      break;
    }
  }
  if (reason === 'steps') takeSnapshot();

  if (reason === 'non-finite') {
    disposeParams(params);
    params = lastGood.params;
  } else {
    disposeParams(lastGood.params);
  }
  const finalKey = sampleKeyAt(Math.max(0, step - 1));
  const final =
    options.finalEvaluation === false
      ? { value: history.at(-1)?.value ?? NaN, gradNorm: history.at(-1)?.gradNorm ?? NaN }
      : tf.tidy(() => {
          const { value, grads } = valueAndGrads(objective, params, finalKey);
          return { value: value.dataSync()[0] ?? NaN, gradNorm: normOf(grads) };
        });
  options.onEvent?.({ type: 'done', step, reason });
  return { params, state, steps: step, reason, history, snapshots, final, ...(nonFinite === undefined ? {} : { nonFinite }) };
}

export { disposeState };
