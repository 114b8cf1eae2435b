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
  type PlainAdam,
  type RandomKey,
} from '@derand/core';
import type { Graph } from '../graph/graph.js';
import { cutValue, signSides, type Sides } from '../cut/cut-value.js';
import type { SdpSolution } from '../sdp/mixing-method.js';
import { compressVectors } from '../sdp/compress-vectors.js';
import { fixNearZero } from './fix-near-zero.js';
import { withoutInactiveVertices } from './inactive-vertices.js';
import { objectiveScale, probitCutObjective, type ProbitCutImplementation, type RoundingExpectation } from './probit-cut-objective.js';
import { hostAdamTraining } from './host-adam-training.js';
import { adamWasmAvailable } from './adam-wasm.js';
import { autoThreads } from './host-pass-threads.js';
import { resolveRoundingImplementation, type RoundingImplementationChoice } from './rounding-implementation.js';
import type { RoundingCertificate } from './contract.js';
import { vertexScales } from './vertex-scales.js';

export interface DerandomizedRoundingOptions {
  /** Root key: μ₀ uses foldIn(key, 'mu0'), the training loop foldIn(key, 'train'). */
  readonly key: RandomKey;
  /** Probit smoothing scale τ (default 0.1). */
  readonly tau?: number;
  /** λ of λ‖V‖²_F in units of the normalised objective (default 2e-4). */
  readonly lambda?: number;
  /**
   * Optimizer (default Adam with step size `learningRate`). With the host implementation a plain
   * Adam (`plainAdam` set) runs as a loop on typed arrays with the same iterates (decision record
   * 0210); any other optimizer runs through the core's `minimize`.
   */
  readonly optimizer?: GradientTransformation<unknown>;
  /**
   * Let a plain Adam on the host implementation run as the typed-array loop (default true);
   * false runs it through `minimize` (the reference the loop is tested against).
   */
  readonly hostLoop?: boolean;
  /**
   * Threads of the host loop (default `'auto'`: 2 where the machine has them and
   * (n + m)·rank ≥ 2¹⁸, else 1). The host pass and the update split into ranges whose sums keep
   * one order, so the iterates are the same for any count (decision record 0210).
   */
  readonly threads?: number | 'auto';
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
   * Keep at most this many principal axes of V₀ (default 32); the dropped fraction of ‖V₀‖²_F is
   * reported. Measured (decision record 0210): the SDP solutions of Gset G1–G42 have numerical
   * rank ≤ 39 (the toroidal G32–G34: 39, 36, 33, whose sign(μ) cuts 1410, 1380, 1382 are the same
   * at 32); on a 20 000-vertex ±1 torus (rank 64, 16.8 % dropped) sign(μ) is 14008 against 14002
   * with all 64 axes, and on a sparse random graph with n = m = 10 000 (2.7 % dropped) 9588 both
   * ways, at about half the cost per step.
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
  /** Threads the training loop ran on (1 on the `minimize` path). */
  readonly threads: number;
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
      : compressVectors(active.vectors, graph.n, sdp.rank, options.compress ?? 1e-8, foldIn(options.key, 'rotation'), options.maxRank ?? 32);
  const rank = start.rank;
  const implementation = options.expectation?.kind === 'monte-carlo' ? 'tensor' : resolveRoundingImplementation(options.implementation ?? 'auto');
  const makeObjective = (): ReturnType<typeof probitCutObjective> =>
    probitCutObjective({
      graph,
      vectors: start.vectors,
      rank,
      mu: mu0,
      tau,
      lambda,
      implementation,
      ...(options.expectation === undefined ? {} : { expectation: options.expectation }),
    });
  const history: RoundingRecord[] = [];
  const record = (step: number, values: { value: number; cut: number; normV: number }): void => {
    const entry: RoundingRecord = { step, value: values.value, cut: values.cut, normV: values.normV };
    history.push(entry);
    options.onMetrics?.(entry);
  };
  // The host implementation with a plain Adam trains on typed arrays (the same iterates,
  // decision record 0210); any other optimizer, the tensor implementation and Monte Carlo go
  // through the core's minimize.
  const optimizer = options.optimizer ?? adam({ learningRate: options.learningRate ?? 0.2 });
  const plainAdam = optimizer.plainAdam;
  const onHost = implementation === 'host' && (options.expectation?.kind ?? 'exact') === 'exact' && plainAdam !== undefined && options.hostLoop !== false && adamWasmAvailable();
  const trained = onHost ? trainOnHost(plainAdam) : trainWithMinimize();
  const { V, mu } = trained;
  const scales = new Float64Array(graph.n);
  const normV = Math.sqrt(vertexScales(V, graph.n, rank, tau, scales));
  const plain = signSides(mu);
  const signCut = cutValue(graph, plain);
  const step = fixNearZero(graph, mu, scales, options.fixThreshold ?? 2);
  const conditionalCut = cutValue(graph, step.sides);
  const apply = options.applyConditionalStep === true;
  return {
    sides: apply ? step.sides : plain,
    cut: apply ? conditionalCut : signCut,
    signCut,
    conditionalCut,
    conditionalSides: step.sides,
    redecided: step.fixed,
    conditionalApplied: apply,
    flippedFromSign: step.flippedFromSign,
    gradNorm: trained.gradNorm,
    normV,
    normV0: trained.normV0,
    collapsed: normV <= collapse * trained.normV0,
    steps: trained.steps,
    reason: trained.reason,
    ...(trained.nonFinite === undefined ? {} : { nonFinite: trained.nonFinite }),
    history,
    mu: Float32Array.from(mu),
    tau,
    lambda,
    rank,
    inactiveVertices: active.inactive,
    droppedEnergy: start.droppedEnergy,
    implementation,
    threads: trained.threads,
    ...(trained.certificate === undefined ? {} : { certificate: trained.certificate }),
  };

  function trainOnHost(adamConstants: PlainAdam): Trained {
    // the objective checks the options as on the other path, and serves the certificate
    const objective = makeObjective();
    try {
      const V0 = Float32Array.from(start.vectors);
      let sq0 = 0;
      for (let k = 0; k < V0.length; k++) sq0 += V0[k]! * V0[k]!;
      const normV0 = Math.sqrt(sq0);
      const scale = objectiveScale(graph);
      const run = hostAdamTraining(graph, V0, rank, Float32Array.from(mu0), {
        weights: Float64Array.from(graph.weight, (w) => w / scale),
        tau,
        lambda,
        adam: adamConstants,
        maxSteps: options.maxSteps ?? 3000,
        every,
        stopBelowNormV: collapse * normV0,
        threads: options.threads === undefined || options.threads === 'auto' ? autoThreads(graph, rank) : options.threads,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onMetrics: (m) => record(m.step, m),
      });
      let certificate: RoundingCertificate | undefined;
      if (options.certify !== undefined && options.certify !== false) {
        const params = { W: tf.tensor2d(run.V, [graph.n, rank]), b: tf.tensor1d(run.mu) };
        try {
          certificate = certify(objective, params, options);
        } finally {
          disposeParams(params);
        }
      }
      return { V: run.V, mu: run.mu, steps: run.steps, reason: run.reason, gradNorm: run.gradNorm, normV0, threads: run.threads, ...(run.nonFinite === undefined ? {} : { nonFinite: run.nonFinite }), ...(certificate === undefined ? {} : { certificate }) };
    } finally {
      objective.dispose?.();
    }
  }

  function trainWithMinimize(): Trained {
    const objective = makeObjective();
    try {
      const normV0 = Math.sqrt(tf.tidy(() => tf.sum(tf.square(objective.init['W']!)).dataSync()[0] ?? NaN));
      let normV = normV0;
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
          record(event.step, { value: event.values['value'] ?? NaN, cut: event.values['cut'] ?? NaN, normV: event.values['normV'] ?? NaN });
        },
        stopWhen: () => normV <= collapse * normV0,
      });
      try {
        const certificate = options.certify === undefined || options.certify === false ? undefined : certify(objective, run.params, options);
        return {
          V: Float32Array.from(run.params['W']!.dataSync()),
          mu: Float32Array.from(run.params['b']!.dataSync()),
          steps: run.steps,
          reason: run.reason,
          gradNorm: run.final.gradNorm,
          normV0,
          threads: 1,
          ...(run.nonFinite === undefined ? {} : { nonFinite: run.nonFinite }),
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
}

/** What a training loop hands back to {@link derandomizedRounding}. */
interface Trained {
  readonly V: Float32Array;
  readonly mu: Float32Array;
  readonly steps: number;
  readonly reason: string;
  readonly gradNorm: number;
  readonly normV0: number;
  readonly threads: number;
  readonly nonFinite?: { readonly step: number; readonly returnedStep: number };
  readonly certificate?: RoundingCertificate;
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
