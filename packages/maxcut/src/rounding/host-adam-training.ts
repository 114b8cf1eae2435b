import type { Graph } from '../graph/graph.js';
import { cutValue, signSides } from '../cut/cut-value.js';
import type { PlainAdam } from '@derand/core';
import { sumValue } from './host-pass-kernels.js';
import { hostPassRunner } from './host-pass-threads.js';

export interface HostAdamTrainingOptions {
  /** The normalised edge weights ω_e = w_e/d̄ of the objective. */
  readonly weights: Float64Array;
  readonly tau: number;
  readonly lambda: number;
  /** The optimizer: a plain Adam's constants (`adam(…).plainAdam`). */
  readonly adam: PlainAdam;
  readonly maxSteps: number;
  /** Metrics cadence: value, ‖∇f‖, sign(μ)'s cut and ‖V‖_F are computed at steps ≡ 0 (mod every) and at the last step. */
  readonly every: number;
  /** Stop (at a cadence step, before its update) once ‖V‖_F ≤ this. */
  readonly stopBelowNormV: number;
  /** Threads for the host pass and the update (default 1); the iterates do not depend on it. */
  readonly threads?: number;
  readonly signal?: AbortSignal;
  readonly onMetrics?: (record: { step: number; value: number; gradNorm: number; cut: number; normV: number }) => void;
}

export interface HostAdamTrainingResult {
  /** Final V (n × rank) and μ, float32 as in the tensor loop. */
  readonly V: Float32Array;
  readonly mu: Float32Array;
  readonly steps: number;
  /** `'stopWhen'` (collapsed), `'steps'`, `'aborted'` or `'non-finite'`, as the core's `minimize` says it. */
  readonly reason: string;
  /** ‖∇f‖ at the returned point (penalty included). */
  readonly gradNorm: number;
  readonly nonFinite?: { readonly step: number; readonly returnedStep: number };
  /** Threads that ran, and why fewer than asked for (no worker threads here, …). */
  readonly threads: number;
  readonly threadsFallback?: string;
}

/**
 * The rounding's training loop for the host implementation with a plain Adam, on typed
 * arrays: the same iterates as `minimize(probitCutObjective(…), adam(…))` with the host pass,
 * float32 bit for bit. Every operation of the tensor loop (the float32 gradient, the penalty
 * 2λV, Adam's moments, bias corrections and step, the update) is one correctly rounded float32
 * operation here too, in the WebAssembly update of `adam-wasm.ts`. A step allocates nothing: the host pass reads V and
 * writes the gradient in place, and the value's quadrature runs only at the metrics cadence
 * (decision record 0210).
 *
 * The loop's contract is `minimize`'s: metrics at the cadence and the last step, a finiteness
 * check there (a non-finite value or gradient returns the last finite cadence point), the stop
 * test at the cadence before that step's update, the abort signal before each step, and ‖∇f‖
 * evaluated again at the returned point.
 *
 * @param graph - the graph
 * @param V - V₀ (n × rank), copied
 * @param rank - r
 * @param mu - μ₀ (n), copied
 * @param options - weights, τ, λ, Adam's constants, steps, cadence, stop threshold, signal, metrics callback
 * @returns the final V and μ and how the loop ended
 */
export function hostAdamTraining(graph: Graph, V0: ArrayLike<number>, rank: number, mu0: ArrayLike<number>, options: HostAdamTrainingOptions): HostAdamTrainingResult {
  const { n } = graph;
  const size = n * rank;
  if (V0.length !== size || mu0.length !== n) throw new RangeError(`hostAdamTraining: V has ${V0.length} values and μ ${mu0.length}, expected n·r = ${size} and n = ${n}.`);
  const { tau, lambda, weights, every } = options;
  const runner = hostPassRunner(graph, weights, rank, tau, 2 * lambda, options.adam, options.threads ?? 1);
  try {
    return train(runner);
  } finally {
    runner.close();
  }

  function train(runner: ReturnType<typeof hostPassRunner>): HostAdamTrainingResult {
  const { V, mu } = runner;
  V.set(V0);
  mu.set(mu0);
  const { gradV, gradMu } = runner.x;
  const f = Math.fround;
  const penaltyScale = f(2 * options.lambda);
  const steps = options.maxSteps;

  // the float32 gradient of the tensor loop (the host pass's float64 result rounded, plus 2λV for V)
  const gradientNorm = (): number => {
    let sq = 0;
    for (let k = 0; k < size; k++) {
      const g = f(f(gradV[k]!) + f(V[k]! * penaltyScale));
      sq += g * g;
    }
    for (let i = 0; i < n; i++) sq += f(gradMu[i]!) ** 2;
    return Math.sqrt(sq);
  };
  const normOfV = (): number => {
    let sq = 0;
    for (let k = 0; k < size; k++) sq += V[k]! * V[k]!;
    return Math.sqrt(sq);
  };

  let lastGood = { V: V.slice(), mu: mu.slice(), step: 0 };
  let reason = 'steps';
  let nonFinite: HostAdamTrainingResult['nonFinite'];
  let step = 0;
  for (; step < steps; step++) {
    if (options.signal?.aborted === true) {
      reason = 'aborted';
      break;
    }
    const atCadence = step % every === 0 || step === steps - 1;
    runner.pass(atCadence);
    if (atCadence) {
      const expectation = sumValue(runner.x);
      const normV = normOfV();
      const value = expectation + lambda * normV * normV;
      const gradNorm = gradientNorm();
      if (!Number.isFinite(value) || !Number.isFinite(gradNorm)) {
        reason = 'non-finite';
        nonFinite = { step, returnedStep: lastGood.step };
        break;
      }
      options.onMetrics?.({ step, value, gradNorm, cut: cutValue(graph, signSides(mu)), normV });
      lastGood = { V: V.slice(), mu: mu.slice(), step };
      if (normV <= options.stopBelowNormV) {
        reason = 'stopWhen';
        break;
      }
    }
    runner.adam(step + 1);
  }
  if (reason === 'non-finite') {
    V.set(lastGood.V);
    mu.set(lastGood.mu);
  }
  runner.pass(false);
  return { V: V.slice(), mu: mu.slice(), steps: step, reason, gradNorm: gradientNorm(), threads: runner.threads, ...(nonFinite === undefined ? {} : { nonFinite }), ...(runner.fallback === undefined ? {} : { threadsFallback: runner.fallback }) };
  }
}
