import { foldIn, keyFromSeed, type RandomKey } from '@derand/core';
import { DerandError } from '@derand/registry';
import type { Graph } from './graph/graph.js';
import { cutValue, type Sides } from './cut/cut-value.js';
import { certifyUpperBound } from './sdp/dual-bound.js';
import { solveSdp, type SdpSolution } from './sdp/mixing-method.js';
import { bestOfHyperplanes, gwExpectedCut } from './rounding/hyperplane.js';
import { derandomizedRounding, type DerandomizedRoundingOptions, type RoundingCertificate } from './rounding/derandomized-rounding.js';
import { scoreFunctionRounding } from './rounding/score-function-rounding.js';
import { oneFlip } from './local/one-flip.js';
import { breakoutLocalSearch } from './local/breakout-local-search.js';

/** Rounding methods of {@link solveMaxcut}. */
export const ROUNDINGS = ['derandomized', 'hyperplane', 'score-function'] as const;
export type RoundingMethod = (typeof ROUNDINGS)[number];
/** Local searches applied after rounding (reported apart from the raw cut). */
export const POLISHES = ['none', 'one-flip', 'breakout'] as const;
export type PolishMethod = (typeof POLISHES)[number];

/** A progress report of the pipeline. */
export type MaxcutProgress =
  | { readonly stage: 'sdp'; readonly sweep: number; readonly value: number }
  | { readonly stage: 'bound' | 'gw' | 'polish' | 'done'; readonly note?: string }
  | { readonly stage: 'rounding'; readonly step: number; readonly cut: number; readonly normV?: number; readonly total: number };

export interface SolveMaxcutOptions {
  /** Root seed (default 0); every random stream derives from it. */
  readonly seed?: number;
  readonly rounding?: RoundingMethod;
  readonly polish?: PolishMethod;
  /** Wall-clock budget of the breakout polish, seconds (default 10). */
  readonly polishSeconds?: number;
  /** Stop the breakout polish at this cut (e.g. the best known value). */
  readonly polishTarget?: number;
  /** Hyperplanes for the GW baseline (default 100). */
  readonly hyperplanes?: number;
  /** SDP options. */
  readonly sdp?: { readonly rank?: number; readonly tolerance?: number; readonly maxSweeps?: number };
  /** Verify the upper bound by Cholesky up to this n (default 2500). */
  readonly verifyLimit?: number;
  /** Options of the derandomized rounding (τ, λ, steps, certificate …). */
  readonly derandomized?: Omit<DerandomizedRoundingOptions, 'key' | 'onMetrics' | 'signal'>;
  /** Options of the score-function reproduction mode. */
  readonly scoreFunction?: { readonly steps?: number; readonly samples?: number; readonly vectors?: 'sdp' | 'spectral' };
  /** Best known cut, copied to the result for ratios. */
  readonly bestKnown?: number;
  /** Backend id recorded in the result. */
  readonly backend?: string;
  readonly onProgress?: (progress: MaxcutProgress) => void;
  readonly signal?: AbortSignal;
}

/** One record of the rounding history (the paper's Figs. 4–5). */
export interface MaxcutHistoryRecord {
  readonly step: number;
  readonly cut: number;
  /** ‖V‖_F (derandomized) or max σ (score-function). */
  readonly normV?: number;
  readonly maxSigma?: number;
  readonly value?: number;
}

/** The JSON-serialisable result of {@link solveMaxcut} (format version 1). */
export interface MaxcutResult {
  readonly format: 'derand.maxcut.result';
  readonly version: 1;
  readonly graph: string;
  readonly n: number;
  readonly m: number;
  readonly totalWeight: number;
  readonly seed: number;
  readonly backend: string;
  readonly rounding: RoundingMethod;
  readonly polish: PolishMethod;
  readonly sdpValue: number;
  readonly sdpRank: number;
  readonly sdpSweeps: number;
  /** Certified upper bound on every cut (see `upperBoundVerified`). */
  readonly upperBound: number;
  readonly upperBoundVerified: boolean;
  readonly upperBoundMethod: string;
  /** Σ w_ij arccos(v_i·v_j)/π of the same SDP vectors. */
  readonly gwExpected: number;
  /** Best (and mean) of `hyperplanes` random hyperplanes. */
  readonly gwBest: number;
  readonly gwMean: number;
  readonly hyperplanes: number;
  /** Cut of the chosen rounding, before any polish. */
  readonly roundedCut: number;
  /** The derandomized cut (null for other roundings). */
  readonly derandomizedCut: number | null;
  /** ‖V‖_F at the end of the derandomized rounding and at the start (null otherwise). */
  readonly normV: number | null;
  readonly normV0: number | null;
  readonly collapsed: boolean | null;
  readonly steps: number | null;
  /** Columns of V trained (after compression) and the fraction of ‖V₀‖²_F the compression dropped. */
  readonly roundingRank: number | null;
  readonly droppedEnergy: number | null;
  /** Cut after the polish (null for 'none'). */
  readonly polishedCut: number | null;
  /** The best cut returned (polished when a polish ran). */
  readonly cut: number;
  /** cut / upperBound: a certified approximation ratio when the bound is verified. */
  readonly certifiedRatio: number;
  readonly bestKnown: number | null;
  readonly certificate: RoundingCertificate | null;
  readonly history: MaxcutHistoryRecord[];
  /** Total wall-clock seconds of the pipeline. */
  readonly seconds: number;
  readonly timings: { readonly sdp: number; readonly bound: number; readonly gw: number; readonly rounding: number; readonly polish: number };
}

/** {@link MaxcutResult} with the final sides (not part of the JSON). */
export interface MaxcutSolution {
  readonly result: MaxcutResult;
  readonly sides: Sides;
  /** Sides of the raw rounding (before polish). */
  readonly roundedSides: Sides;
  readonly sdp: SdpSolution;
}

const seconds = (since: number): number => (performance.now() - since) / 1000;

/**
 * The whole MAXCUT pipeline: Burer–Monteiro SDP (mixing method) → certified dual upper bound
 * → Goemans–Williamson baselines (exact expected cut, best of N hyperplanes) → the chosen
 * rounding (default: the paper's derandomized rounding) → optional polish (1-flip or breakout
 * local search), reported apart from the raw cut. Deterministic for a given seed and backend.
 *
 * @param graph - the graph
 * @param options - seed (0), rounding ('derandomized'), polish ('none'), hyperplanes (100), stage options
 * @returns the JSON result, the sides and the SDP solution
 * @throws DerandError when the graph has no edges
 * @example
 * const { result } = solveMaxcut(parseGraph(text, { name: 'G1.txt' }), { seed: 1, polish: 'one-flip' });
 * result.derandomizedCut; // ≈ 11598; result.upperBound ≈ 12083.25
 * @see paper §5; Goemans & Williamson (1995); Wang, Chang & Kolter (2017).
 */
export function solveMaxcut(graph: Graph, options: SolveMaxcutOptions = {}): MaxcutSolution {
  if (graph.m === 0) throw new DerandError('GRAPH_EMPTY', `${graph.name} has no edges; every cut is 0.`);
  const seed = options.seed ?? 0;
  const root: RandomKey = keyFromSeed(seed);
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);

  let t = performance.now();
  const sdp = solveSdp(graph, {
    key: foldIn(root, 'sdp'),
    ...options.sdp,
    onSweep: (sweep, value) => {
      if (sweep % 10 === 0) progress({ stage: 'sdp', sweep, value });
    },
  });
  const sdpSeconds = seconds(t);

  t = performance.now();
  progress({ stage: 'bound' });
  const bound = certifyUpperBound(graph, sdp, { key: foldIn(root, 'bound'), ...(options.verifyLimit === undefined ? {} : { verifyLimit: options.verifyLimit }) });
  const boundSeconds = seconds(t);

  t = performance.now();
  progress({ stage: 'gw' });
  const hyperplanes = options.hyperplanes ?? 100;
  const gwExpected = gwExpectedCut(graph, sdp);
  const gw = bestOfHyperplanes(graph, sdp, hyperplanes, foldIn(root, 'hyperplanes'));
  const gwSeconds = seconds(t);

  t = performance.now();
  const rounding = options.rounding ?? 'derandomized';
  let roundedSides: Sides;
  let history: MaxcutHistoryRecord[] = [];
  let derandomized: ReturnType<typeof derandomizedRounding> | undefined;
  if (rounding === 'derandomized') {
    const maxSteps = options.derandomized?.maxSteps ?? 3000;
    derandomized = derandomizedRounding(graph, sdp, {
      ...options.derandomized,
      key: foldIn(root, 'rounding'),
      onMetrics: (r) => progress({ stage: 'rounding', step: r.step, cut: r.cut, normV: r.normV, total: maxSteps }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    roundedSides = derandomized.sides;
    history = derandomized.history.map((r) => ({ step: r.step, cut: r.cut, normV: r.normV, value: r.value }));
  } else if (rounding === 'score-function') {
    const steps = options.scoreFunction?.steps ?? 5000;
    const sf = scoreFunctionRounding(graph, sdp, {
      key: foldIn(root, 'rounding'),
      ...options.scoreFunction,
      onMetrics: (r) => progress({ stage: 'rounding', step: r.step, cut: r.cut, total: steps }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    roundedSides = sf.sides;
    history = sf.history.map((r) => ({ step: r.step, cut: r.cut, maxSigma: r.maxSigma }));
  } else {
    roundedSides = gw.sides;
  }
  const roundedCut = cutValue(graph, roundedSides);
  const roundingSeconds = seconds(t);

  t = performance.now();
  const polish = options.polish ?? 'none';
  let sides = roundedSides;
  let polishedCut: number | null = null;
  if (polish !== 'none') {
    progress({ stage: 'polish', note: polish });
    const polished =
      polish === 'one-flip'
        ? oneFlip(graph, roundedSides, roundedCut)
        : breakoutLocalSearch(graph, roundedSides, {
            key: foldIn(root, 'polish'),
            maxSeconds: options.polishSeconds ?? 10,
            ...(options.polishTarget === undefined ? {} : { target: options.polishTarget }),
            ...(options.signal === undefined ? {} : { signal: options.signal }),
          });
    sides = polished.sides;
    polishedCut = polished.cut;
  }
  const polishSeconds = seconds(t);
  const cut = polishedCut ?? roundedCut;
  progress({ stage: 'done' });
  const result: MaxcutResult = {
    format: 'derand.maxcut.result',
    version: 1,
    graph: graph.name,
    n: graph.n,
    m: graph.m,
    totalWeight: graph.totalWeight,
    seed,
    backend: options.backend ?? 'unknown',
    rounding,
    polish,
    sdpValue: sdp.value,
    sdpRank: sdp.rank,
    sdpSweeps: sdp.sweeps,
    upperBound: bound.value,
    upperBoundVerified: bound.verified,
    upperBoundMethod: bound.method,
    gwExpected,
    gwBest: gw.best,
    gwMean: gw.mean,
    hyperplanes,
    roundedCut,
    derandomizedCut: derandomized === undefined ? null : roundedCut,
    normV: derandomized?.normV ?? null,
    normV0: derandomized?.normV0 ?? null,
    collapsed: derandomized?.collapsed ?? null,
    steps: derandomized?.steps ?? null,
    roundingRank: derandomized?.rank ?? null,
    droppedEnergy: derandomized?.droppedEnergy ?? null,
    polishedCut,
    cut,
    certifiedRatio: cut / bound.value,
    bestKnown: options.bestKnown ?? null,
    certificate: derandomized?.certificate ?? null,
    history,
    seconds: seconds(started),
    timings: { sdp: sdpSeconds, bound: boundSeconds, gw: gwSeconds, rounding: roundingSeconds, polish: polishSeconds },
  };
  return { result, sides, roundedSides, sdp };
}
