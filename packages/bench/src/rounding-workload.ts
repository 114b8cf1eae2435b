import { adam, disposeParams, disposeState, foldIn, keyFromSeed, minimize, sampleNormal, type Params, type RandomKey } from '@derand/core';
import { compressVectors, probitCutObjective, resolveRoundingImplementation, solveSdp, type Graph, type ProbitCutImplementation, type RoundingImplementationChoice } from '@derand/maxcut';
import type { Workload } from './cuda-workloads.js';

export interface RoundingStepOptions {
  /** Objective implementation (default 'auto': the rounding's own choice for the active backend). */
  readonly implementation?: RoundingImplementationChoice;
  /** Mixing-method sweeps of the SDP that gives V₀ (default: until converged, at most 1000). */
  readonly sdpSweeps?: number;
  /** Training steps per `step()` call (default 10, the rounding's metrics cadence: one read-back per call). */
  readonly stepsPerCall?: number;
  readonly key?: RandomKey;
}

/** A {@link Workload} of the derandomized rounding, with what it ran. */
export interface RoundingStepWorkload extends Workload {
  readonly implementation: ProbitCutImplementation;
  /** Columns of V after compression (the rounding's k). */
  readonly rank: number;
  readonly stepsPerCall: number;
}

/**
 * The derandomized rounding's training step as `derandomizedRounding` runs it: V₀ from the SDP
 * (mixing method), compressed to at most 64 principal axes, μ₀ ~ N(0, 10⁻⁶), the exact probit
 * objective (τ = 0.1, λ = 2e-4) in the implementation chosen for the active backend, Adam (0.2)
 * and the core `minimize` loop with the value read once per `stepsPerCall` steps (the rounding's
 * metrics cadence, where it also reads μ and ‖V‖ for the cut). Setup (SDP, compression) happens here, outside the timed steps.
 *
 * @example const w = roundingStepWorkload(readGraphFile('G22.txt')); w.step(); w.dispose();
 */
export function roundingStepWorkload(graph: Graph, options: RoundingStepOptions = {}): RoundingStepWorkload {
  const key = options.key ?? keyFromSeed(0);
  const stepsPerCall = options.stepsPerCall ?? 10;
  const sdp = solveSdp(graph, { key: foldIn(key, 'sdp'), ...(options.sdpSweeps === undefined ? {} : { maxSweeps: options.sdpSweeps }) });
  const start = compressVectors(sdp.vectors, graph.n, sdp.rank, 1e-8, foldIn(key, 'rotation'), 64);
  const implementation = resolveRoundingImplementation(options.implementation ?? 'auto');
  const objective = probitCutObjective({
    graph,
    vectors: start.vectors,
    rank: start.rank,
    mu: sampleNormal(foldIn(key, 'mu0'), graph.n, 0, 1e-3),
    tau: 0.1,
    lambda: 2e-4,
    implementation,
  });
  const optimizer = adam({ learningRate: 0.2 });
  let params: Params = objective.init;
  let state: unknown;
  let step = 0;
  let owned = false;
  return {
    implementation,
    rank: start.rank,
    stepsPerCall,
    step: () => {
      const run = minimize(objective, optimizer, {
        steps: step + stepsPerCall,
        key: foldIn(key, 'train'),
        // one read-back per call, at its last step (the loop always reads at the last step)
        every: Number.MAX_SAFE_INTEGER,
        finalEvaluation: false,
        ...(state === undefined ? {} : { start: { params, state, step } }),
      });
      // the loop owned (and disposed) the params it was given; it returns new ones
      params = run.params;
      state = run.state;
      step = run.steps;
      owned = true;
    },
    dispose: () => {
      if (owned) disposeParams(params);
      if (state !== undefined) disposeState(state);
      objective.dispose?.();
    },
  };
}
