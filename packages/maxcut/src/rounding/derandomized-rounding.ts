import * as tf from '@tensorflow/tfjs-core';
import {
  adam,
  certifySecondOrder,
  sospSummary,
  disposeParams,
  disposeState,
  foldIn,
  minimize,
  sampleNormal,
  type GradientTransformation,
  type RandomKey,
} from '@derand/core';
import type { Graph } from '../graph/graph.js';
import { cutValue, signSides, type Sides } from '../cut/cut-value.js';
import type { SdpSolution } from '../sdp/mixing-method.js';
import { compressVectors } from '../sdp/compress-vectors.js';
import { fixNearZero } from './fix-near-zero.js';
import { withoutInactiveVertices } from './inactive-vertices.js';
import { probitCutObjective, type ProbitCutImplementation, type RoundingExpectation } from './probit-cut-objective.js';
import { resolveRoundingImplementation, type RoundingImplementationChoice } from './rounding-implementation.js';
import type { RoundingCertificate } from './contract.js';

export interface DerandomizedRoundingOptions {
  /** Root key: μ₀ uses foldIn(key, 'mu0'), the training loop foldIn(key, 'train'). */
  readonly key: RandomKey;
  /** Probit smoothing scale τ (default 0.1). */
  readonly tau?: number;
  /** λ of λ‖V‖²_F in units of the normalised objective (default 2e-4). */
  readonly lambda?: number;
  /** Optimizer (default Adam with learning rate `learningRate`). */
  readonly optimizer?: GradientTransformation<unknown>;
  /** Adam's step size when `optimizer` is not given (default 0.2). */
  readonly learningRate?: number;
  /** Default exact (bivariate-normal orthant probabilities). */
  readonly expectation?: RoundingExpectation;
  /**
   * Implementation of the exact expectation (default `'auto'`: the fused host pass on cpu and
   * wasm, tensor ops on every other backend, so that a step on a GPU stays there;
   * {@link resolveRoundingImplementation}). The Monte-Carlo expectation is always tensor ops.
   */
  readonly implementation?: RoundingImplementationChoice;
  /** Stop once ‖V‖_F ≤ collapse·‖V₀‖_F (default 1e-3). */
  readonly collapse?: number;
  /** At most this many steps (default 3000). */
  readonly maxSteps?: number;
  /** Metrics cadence in steps (default 10): cut of sign(μ) and ‖V‖_F are read back then. */
  readonly every?: number;
  /**
   * Re-express V₀ in its principal axes, dropping at most this fraction of its energy
   * (default 1e-8; `false` keeps all r columns). Lossless for the objective, which depends
   * on V only through VVᵀ; shrinks the per-step work by r/k.
   */
  readonly compress?: number | false;
  /**
   * Keep at most this many principal axes of V₀ (default 64). Every Gset and Biq Mac SDP
   * solution has numerical rank ≤ 25, so this only bites on large sparse graphs (n = 20 000:
   * rank 200), where it trades a reported fraction of ‖V₀‖² for a 3× cheaper step.
   */
  readonly maxRank?: number;
  /** |μ_i|/s_i below which a vertex is re-decided by conditional expectation (default 2). */
  readonly fixThreshold?: number;
  /**
   * Return the cut after the conditional-expectation step ({@link fixNearZero}: vertices with
   * |μ_i|/s_i < `fixThreshold` re-decided greedily) instead of the paper's plain sign(μ) cut
   * (default false). Both cuts are computed and reported either way. Measured (decision record
   * 0206): with V collapsed the step changed no cut in 141 instances; with V not collapsed it
   * re-decides every vertex and lowers the cut (G1 after 100 steps: 11587 → 11113).
   */
  readonly applyConditionalStep?: boolean;
  /** Run the core second-order certificate at the final point (default false). */
  readonly certify?: boolean | { readonly hvp?: 'autodiff' | 'finite-difference'; readonly lanczosSteps?: number; readonly rho?: number };
  /** Called at the metrics cadence. */
  readonly onMetrics?: (record: RoundingRecord) => void;
  readonly signal?: AbortSignal;
}

/** One metrics record of the rounding run (the data of the paper's Figs. 4–5). */
export interface RoundingRecord {
  readonly step: number;
  /** f(V, μ): the smoothed same-side weight (normalised) plus λ‖V‖². */
  readonly value: number;
  /** Cut value of sign(μ) at this step. */
  readonly cut: number;
  readonly normV: number;
}


export interface DerandomizedRoundingResult {
  /**
   * The derandomized cut: `signCut` (the paper's rounding), or `conditionalCut` with
   * `applyConditionalStep`.
   */
  readonly sides: Sides;
  readonly cut: number;
  /** Cut of plain sign(μ) at the end of training: the paper's rounding. */
  readonly signCut: number;
  /** Cut after the conditional-expectation step (computed in every run; returned only with `applyConditionalStep`), and its sides. */
  readonly conditionalCut: number;
  readonly conditionalSides: Sides;
  /** Vertices the conditional-expectation step re-decided (|μ_i|/s_i < threshold). */
  readonly redecided: number;
  /** Whether the returned cut is `conditionalCut` (else `signCut`). */
  readonly conditionalApplied: boolean;
  /** Of those, how many ended opposite to sign(μ_i). */
  readonly flippedFromSign: number;
  /** ‖∇f‖ of the normalised objective at the returned point. */
  readonly gradNorm: number;
  readonly normV: number;
  readonly normV0: number;
  /** ‖V‖_F ≤ collapse·‖V₀‖_F at the end. */
  readonly collapsed: boolean;
  readonly steps: number;
  readonly reason: string;
  /** Set when the objective became non-finite: that step, and the step of the finite state kept. */
  readonly nonFinite?: { readonly step: number; readonly returnedStep: number };
  readonly history: RoundingRecord[];
  readonly mu: Float32Array;
  readonly tau: number;
  readonly lambda: number;
  /** Vertices no edge weight touches: their rows of V start (and stay) at 0. */
  readonly inactiveVertices: number;
  /** Columns of V used (after {@link compressVectors}) and the fraction of ‖V₀‖²_F dropped. */
  readonly rank: number;
  readonly droppedEnergy: number;
  /** The implementation that ran (`'tensor'` for the Monte-Carlo expectation). */
  readonly implementation: ProbitCutImplementation;
  readonly certificate?: RoundingCertificate;
}

/**
 * The paper's derandomized rounding of the Goemans–Williamson SDP vectors.
 *
 * Minimises f(V, μ) = E_z[g(Vz + μ)] + λ‖V‖²_F ({@link probitCutObjective}) from V₀ = the SDP
 * vectors and a tiny random μ₀ (μ = 0 is a stationary point by symmetry) with the core's
 * `minimize` loop and optimizer (default Adam, step 0.2), until the random part collapses,
 * ‖V‖_F ≤ 1e-3·‖V₀‖_F. By the derandomization lemma every ρ-SOSP has
 * ‖V‖_F ≤ ρ/(2λ − √(Kρ)), so the sampler Vz + μ becomes the point μ and the cut is sign(μ);
 * the cut is sign(μ) (`signCut`). The conditional-expectation step ({@link fixNearZero}), an
 * addition to the paper, is computed and reported apart (`conditionalCut`, `redecided`) and
 * returned only with `applyConditionalStep` (decision record 0206).
 *
 * Defaults (τ = 0.1, λ = 2e-4 normalised, Adam 0.2) were chosen on G1, G22 and Biq Mac: a
 * small λ lets the sampler explore (‖V‖ first grows) until μ settles, after which V collapses
 * by itself; a large λ forces an early collapse and loses 50–100 cut units on G1
 * (decision record 0203).
 *
 * @param graph - the graph
 * @param sdp - the SDP solution (V₀)
 * @param options - key, τ (0.1), λ (2e-4), optimizer (Adam 0.2), expectation (exact),
 *   implementation (auto: host on cpu/wasm, tensor elsewhere), collapse (1e-3), maxSteps (3000), every (10), certify (false)
 * @returns the cut, the collapse figures, the history and (optionally) the certificate
 * @example
 * const r = derandomizedRounding(graph, solveSdp(graph), { key: keyFromSeed(0) });
 * r.cut; // ≈ 11598 on G1; r.collapsed === true
 * @see paper §5 and Lemma 3.1; Goemans & Williamson (1995).
 */
export function derandomizedRounding(graph: Graph, sdp: SdpSolution, options: DerandomizedRoundingOptions): DerandomizedRoundingResult {
  const tau = options.tau ?? 0.1;
  const lambda = options.lambda ?? 2e-4;
  const collapse = options.collapse ?? 1e-3;
  const every = options.every ?? 10;
  const mu0 = sampleNormal(foldIn(options.key, 'mu0'), graph.n, 0, 1e-3);
  // rows no edge touches start at their value at every stationary point, 0 (see withoutInactiveVertices)
  const active = withoutInactiveVertices(graph, sdp.vectors, sdp.rank);
  const start =
    options.compress === false
      ? { vectors: active.vectors, rank: sdp.rank, droppedEnergy: 0 }
      : compressVectors(active.vectors, graph.n, sdp.rank, options.compress ?? 1e-8, foldIn(options.key, 'rotation'), options.maxRank ?? 64);
  const rank = start.rank;
  const implementation = options.expectation?.kind === 'monte-carlo' ? 'tensor' : resolveRoundingImplementation(options.implementation ?? 'auto');
  const objective = probitCutObjective({
    graph,
    vectors: start.vectors,
    rank,
    mu: mu0,
    tau,
    lambda,
    implementation,
    ...(options.expectation === undefined ? {} : { expectation: options.expectation }),
  });
  const normV0 = Math.sqrt(tf.tidy(() => tf.sum(tf.square(objective.init['W']!)).dataSync()[0] ?? NaN));
  const history: RoundingRecord[] = [];
  let normV = normV0;
  const optimizer = options.optimizer ?? adam({ learningRate: options.learningRate ?? 0.2 });
  try {
    const run = minimize(objective, optimizer, {
      steps: options.maxSteps ?? 3000,
      key: foldIn(options.key, 'train'),
      every,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      metrics: (params) => {
        normV = Math.sqrt(tf.tidy(() => tf.sum(tf.square(params['W']!)).dataSync()[0] ?? NaN));
        const cut = cutValue(graph, signSides(params['b']!.dataSync()));
        return { cut, normV };
      },
      onEvent: (event) => {
        if (event.type !== 'metrics') return;
        const record: RoundingRecord = {
          step: event.step,
          value: event.values['value'] ?? NaN,
          cut: event.values['cut'] ?? NaN,
          normV: event.values['normV'] ?? NaN,
        };
        history.push(record);
        options.onMetrics?.(record);
      },
      stopWhen: () => normV <= collapse * normV0,
    });
    try {
      const V = run.params['W']!.dataSync();
      const mu = run.params['b']!.dataSync() as Float32Array;
      const scales = new Float64Array(graph.n);
      let squared = 0;
      for (let i = 0; i < graph.n; i++) {
        let sq = 0;
        for (let t = 0; t < rank; t++) sq += V[i * rank + t]! ** 2;
        squared += sq;
        scales[i] = Math.sqrt(sq + tau * tau);
      }
      normV = Math.sqrt(squared);
      const plain = signSides(mu);
      const signCut = cutValue(graph, plain);
      const step = fixNearZero(graph, mu, scales, options.fixThreshold ?? 2);
      const conditionalCut = cutValue(graph, step.sides);
      const apply = options.applyConditionalStep === true;
      const certificate = options.certify === undefined || options.certify === false ? undefined : certify(objective, run.params, options);
      return {
        sides: apply ? step.sides : plain,
        cut: apply ? conditionalCut : signCut,
        signCut,
        conditionalCut,
        conditionalSides: step.sides,
        redecided: step.fixed,
        conditionalApplied: apply,
        flippedFromSign: step.flippedFromSign,
        gradNorm: run.final.gradNorm,
        normV,
        normV0,
        collapsed: normV <= collapse * normV0,
        steps: run.steps,
        reason: run.reason,
        ...(run.nonFinite === undefined ? {} : { nonFinite: run.nonFinite }),
        history,
        mu: Float32Array.from(mu),
        tau,
        lambda,
        rank,
        inactiveVertices: active.inactive,
        droppedEnergy: start.droppedEnergy,
        implementation,
        ...(certificate === undefined ? {} : { certificate }),
      };
    } finally {
      disposeParams(run.params);
      disposeState(run.state);
    }
  } finally {
    objective.dispose?.();
  }
}

function certify(
  objective: ReturnType<typeof probitCutObjective>,
  params: Parameters<typeof certifySecondOrder>[1],
  options: DerandomizedRoundingOptions,
): RoundingCertificate {
  const settings = typeof options.certify === 'object' ? options.certify : {};
  const hvp = settings.hvp ?? 'autodiff';
  const started = performance.now();
  const c = certifySecondOrder(objective, params, {
    key: foldIn(options.key, 'certificate'),
    hvp,
    lanczosSteps: settings.lanczosSteps ?? 30,
    ...(settings.rho === undefined ? {} : { rho: settings.rho }),
  });
  return {
    ...sospSummary(c),
    ...(c.lemma === undefined
      ? {}
      : { lemma: { normW: c.lemma.normW, bound: c.lemma.bound, holds: c.lemma.holds, applicable: c.lemma.applicable, ...(c.lemma.reason === undefined ? {} : { reason: c.lemma.reason }) } }),
    hvp,
    seconds: (performance.now() - started) / 1000,
  };
}
