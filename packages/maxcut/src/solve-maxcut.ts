import { completeRegistry, createPart, DerandError, InputError, issuesFromZod, partRef, z, type AnyPlugin, type AnyRegistry, type InputIssue } from '@derand/registry';
import { foldIn, keyFromSeed, optimizerPlugins, type RandomKey } from '@derand/core';
import type { Graph } from './graph/graph.js';
import { cutValue, type Sides } from './cut/cut-value.js';
import { certifyUpperBound, DENSE_VERIFY_LIMIT, SPARSE_VERIFY_LIMIT, type BoundVerification } from './sdp/dual-bound.js';
import { solveSdp, type SdpSolution } from './sdp/mixing-method.js';
import { bestOfHyperplanes, gwExpectedCut } from './rounding/hyperplane.js';
import type { MaxcutHistoryRecord, Polish, Rounding, RoundingCertificate } from './rounding/contract.js';
import { roundingPlugins } from './rounding/plugins.js';
import { polishPlugins } from './local/plugins.js';
import { branchAndBound } from './exact/branch-and-bound.js';
import { ENUMERATION_LIMIT, maxcutByEnumeration } from './exact/gray-code.js';

export type { MaxcutHistoryRecord } from './rounding/contract.js';

/**
 * Options of the MAXCUT pipeline after the graph is read: the single place their defaults live
 * (the `maxcut` solver's schema extends it with the graph and how to read it).
 */
export const maxcutPipelineShape = {
  rounding: partRef('rounding', 'derandomized').meta({ flag: 'rounding' }).describe('rounding plugin: derandomized (the paper), hyperplane (GW), score-function (the authors’ code), or a user plugin'),
  polish: partRef('polish', 'one-flip').meta({ flag: 'polish' }).describe('local search after the rounding, reported apart: none, one-flip, breakout, or a user plugin'),
  hyperplanes: z.number().int().min(1).max(1_000_000).default(100).meta({ flag: 'hyperplanes' }).describe('random hyperplanes of the GW baseline'),
  bestKnown: z.number().optional().meta({ flag: 'best-known' }).describe('best known cut: the target of a polish that takes one, drawn in the plot and reported as a ratio'),
  exact: z
    .union([z.boolean(), z.number().positive()])
    .default(false)
    .meta({ flag: 'exact' })
    .describe('also solve exactly: Gray-code enumeration (n ≤ 28) or branch and bound within a budget in seconds (true: 60 s)'),
  sdp: z
    .object({
      rank: z.number().int().min(1).optional().meta({ flag: 'sdp-rank' }).describe('rank r of the Burer–Monteiro factor (when absent: min(⌈√(2n)⌉, 64))'),
      tolerance: z.number().positive().optional().meta({ flag: 'sdp-tolerance' }).describe('stop the mixing method when a sweep improves the value by less than this (relative)'),
      maxSweeps: z.number().int().min(1).optional().meta({ flag: 'sdp-max-sweeps' }).describe('most mixing-method sweeps'),
    })
    .strict()
    .default({}),
  verifyLimit: z.number().int().min(1).default(DENSE_VERIFY_LIMIT).meta({ flag: 'verify-limit' }).describe('verify the upper bound by a dense Cholesky factorisation up to this n (sparse above it)'),
  sparseVerifyLimit: z
    .number()
    .int()
    .min(1)
    .default(SPARSE_VERIFY_LIMIT)
    .meta({ flag: 'sparse-verify-limit' })
    .describe('verify the upper bound by a sparse Cholesky factorisation (minimum-degree order) up to this n; above it the bound is an unverified Lanczos estimate'),
};
export const maxcutPipelineSchema = z.object(maxcutPipelineShape).strict();
export type MaxcutPipelineOptions = z.input<typeof maxcutPipelineSchema>;

/** Every built-in part the pipeline may resolve. */
export const MAXCUT_PARTS: readonly AnyPlugin[] = [...roundingPlugins, ...polishPlugins, ...optimizerPlugins];

/** A progress report of the pipeline. */
export type MaxcutProgress =
  | { readonly stage: 'sdp'; readonly sweep: number; readonly value: number }
  | { readonly stage: 'bound' | 'gw' | 'polish' | 'gw-polish' | 'exact' | 'done'; readonly note?: string }
  | { readonly stage: 'rounding'; readonly step: number; readonly cut: number; readonly normV?: number; readonly total: number };

export interface SolveMaxcutOptions extends MaxcutPipelineOptions {
  /** Root seed (default 0); every random stream derives from it. */
  readonly seed?: number;
  /** Backend id recorded in the result. */
  readonly backend?: string;
  /** Where the rounding, polish and their parts are looked up (default: the built-ins). */
  readonly registry?: AnyRegistry;
  readonly onProgress?: (progress: MaxcutProgress) => void;
  /** Stops the rounding (and a polish) early: the result so far is returned, marked `stoppedEarly`. */
  readonly signal?: AbortSignal;
}

/** The exact solution, when asked for. */
export interface ExactReport {
  readonly method: 'enumeration' | 'branch-and-bound';
  readonly cut: number;
  readonly proven: boolean;
  readonly nodes: number;
  readonly seconds: number;
}

/**
 * The JSON-serialisable result of {@link solveMaxcut} (format version 3). Every stage of the
 * pipeline is its own named figure, in order: the SDP (`sdpValue`) and its certified bound; the
 * compression of V₀ (`roundingRank`, `droppedEnergy`); the GW baselines (`gwExpected`, `gwBest`);
 * the derandomized rounding's plain sign(μ) cut (`signCut`, the paper's rounding) with whether V
 * collapsed and ‖∇f‖ there; the conditional-expectation step (`conditionalCut`, `redecided`);
 * then the polish of our cut (`polishedCut`) and of the GW best-of-N cut (`gwBestPolished`).
 * `roundedCut` is the chosen rounding's cut before any polish: for the derandomized rounding,
 * `signCut` (or `conditionalCut` with `applyConditionalStep`). See {@link maxcutStages}.
 */
export interface MaxcutResult {
  readonly format: 'derand.maxcut.result';
  readonly version: 3;
  readonly graph: string;
  readonly n: number;
  readonly m: number;
  readonly totalWeight: number;
  readonly seed: number;
  readonly backend: string;
  /** Rounding and polish plugin ids. */
  readonly rounding: string;
  readonly polish: string;
  readonly sdpValue: number;
  readonly sdpRank: number;
  readonly sdpSweeps: number;
  /** Threads the SDP's sweeps ran on (V and the value do not depend on them). */
  readonly sdpThreads?: number;
  /** Certified upper bound on every cut (see `upperBoundVerified`). */
  readonly upperBound: number;
  readonly upperBoundVerified: boolean;
  readonly upperBoundMethod: string;
  /** How the bound was verified: factorisations and, for the sparse path, nnz(L) and its largest column and row counts (see {@link BoundVerification}; its times are in `timings`). */
  readonly upperBoundVerification?: Omit<BoundVerification, 'seconds' | 'lanczosSeconds' | 'orderingSeconds'>;
  /** Σ w_ij arccos(v_i·v_j)/π of the same SDP vectors. */
  readonly gwExpected: number;
  /** Best (and mean) of `hyperplanes` random hyperplanes. */
  readonly gwBest: number;
  readonly gwMean: number;
  readonly hyperplanes: number;
  /** Cut of the chosen rounding, before any polish (derandomized: `signCut`, or `conditionalCut` when applied); the polish starts from it. */
  readonly roundedCut: number;
  /** Derandomized rounding only (else null): plain sign(μ) at the end of training, the paper's rounding. */
  readonly signCut: number | null;
  /** Derandomized rounding only: the cut after the conditional-expectation step (reported; it is `roundedCut` only when `conditionalApplied`). */
  readonly conditionalCut: number | null;
  /** Derandomized rounding only: whether `roundedCut` is `conditionalCut` (option `applyConditionalStep`) rather than `signCut`. */
  readonly conditionalApplied: boolean | null;
  /** Derandomized rounding only: vertices the conditional-expectation step re-decided. */
  readonly redecided: number | null;
  /** Derandomized rounding only: ‖∇f‖ of the normalised rounding objective at its last point. */
  readonly gradNorm: number | null;
  /** The rounding's own figures (derandomized: signCut, redecided, normV, normV0, collapsed, steps, roundingRank, droppedEnergy). */
  readonly roundingDetails: Readonly<Record<string, number | boolean | string | null>>;
  /** ‖V‖_F at the end and the start, whether it collapsed and the steps (null when the rounding reports none). */
  readonly normV: number | null;
  readonly normV0: number | null;
  readonly collapsed: boolean | null;
  readonly steps: number | null;
  readonly roundingRank: number | null;
  readonly droppedEnergy: number | null;
  /** Cut after the polish (null when the polish is 'none'). */
  readonly polishedCut: number | null;
  readonly polishDetails: Readonly<Record<string, number | boolean | string | null>>;
  /** The GW best-of-N cut after the same polish (null when the polish is 'none'): polished against polished. */
  readonly gwBestPolished: number | null;
  /** The best cut returned (polished when a polish ran). */
  readonly cut: number;
  /** cut / upperBound: a certified approximation ratio when the bound is verified. */
  readonly certifiedRatio: number;
  readonly bestKnown: number | null;
  readonly certificate: RoundingCertificate | null;
  readonly exact?: ExactReport;
  readonly history: readonly MaxcutHistoryRecord[];
  /** True when a time limit or abort stopped the rounding or polish early. */
  readonly stoppedEarly?: boolean;
  /** Set when the rounding's objective became non-finite: the cut is that of the last finite state. */
  readonly nonFinite?: { readonly step: number; readonly returnedStep: number };
  /** Total wall-clock seconds of the pipeline. */
  readonly seconds: number;
  /** Seconds by stage; `boundLanczos` and `boundOrdering` (sparse verification: minimum degree and symbolic factorisation) are parts of `bound`. */
  readonly timings: {
    readonly sdp: number;
    readonly bound: number;
    readonly boundLanczos?: number;
    readonly boundOrdering?: number;
    readonly gw: number;
    readonly rounding: number;
    readonly polish: number;
    readonly gwPolish: number;
    readonly exact?: number;
  };
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
const numberOr = (value: number | boolean | string | null | undefined): number | null => (typeof value === 'number' ? value : null);

function resolvePipeline(options: z.output<typeof maxcutPipelineSchema>, registry: AnyRegistry): { rounding: Rounding; polish: Polish } {
  const issues: InputIssue[] = [];
  const rounding = createPart<Rounding>(registry, 'rounding', options.rounding, 'rounding', issues, { registry });
  const polish = createPart<Polish>(registry, 'polish', options.polish, 'polish', issues, { registry });
  if (issues.length > 0 || rounding === undefined || polish === undefined) throw new InputError('BAD_OPTION', 'Invalid MAXCUT options:', issues);
  return { rounding, polish };
}

/**
 * The whole MAXCUT pipeline: Burer–Monteiro SDP (mixing method) → certified dual upper bound
 * → Goemans–Williamson baselines (exact expected cut, best of N hyperplanes) → the rounding
 * plugin (default: the paper's derandomized rounding) → the polish plugin (default 1-flip),
 * reported apart from the raw cut → optionally the exact optimum. The rounding and polish are
 * looked up by id in the registry, so a user's plugin works in place of a built-in. The options
 * are checked before anything is computed. Deterministic for a given seed and backend.
 *
 * @param graph - the graph
 * @param options - see {@link maxcutPipelineSchema}; seed (0), registry, progress, signal
 * @returns the JSON result, the sides and the SDP solution
 * @throws InputError listing every bad option; DerandError when the graph has no edges
 * @example
 * const { result } = solveMaxcut(parseGraph(text, { name: 'G1.txt' }), { seed: 1 });
 * result.roundedCut; // ≈ 11598; result.upperBound ≈ 12083.25
 * @see paper §5; Goemans & Williamson (1995); Wang, Chang & Kolter (2017).
 */
export function solveMaxcut(graph: Graph, options: SolveMaxcutOptions = {}): MaxcutSolution {
  const { seed: seedOption, backend, registry: given, onProgress, signal, ...raw } = options;
  const parsed = maxcutPipelineSchema.safeParse(raw);
  if (!parsed.success) throw new InputError('BAD_OPTION', 'Invalid MAXCUT options:', issuesFromZod(parsed.error, raw));
  const o = parsed.data;
  const registry = completeRegistry(given, MAXCUT_PARTS);
  const parts = resolvePipeline(o, registry);
  if (graph.m === 0) throw new DerandError('GRAPH_EMPTY', `${graph.name} has no edges; every cut is 0.`);
  const seed = seedOption ?? 0;
  const root: RandomKey = keyFromSeed(seed);
  const started = performance.now();
  const progress = onProgress ?? (() => undefined);

  let t = performance.now();
  const sdp = solveSdp(graph, {
    key: foldIn(root, 'sdp'),
    ...Object.fromEntries(Object.entries(o.sdp).filter(([, v]) => v !== undefined)),
    onSweep: (sweep, value) => {
      if (sweep % 10 === 0) progress({ stage: 'sdp', sweep, value });
    },
  });
  const sdpSeconds = seconds(t);

  t = performance.now();
  progress({ stage: 'bound' });
  const bound = certifyUpperBound(graph, sdp, { key: foldIn(root, 'bound'), verifyLimit: o.verifyLimit, sparseVerifyLimit: o.sparseVerifyLimit });
  const boundSeconds = seconds(t);
  const { seconds: _verifySeconds, lanczosSeconds, orderingSeconds, ...verification } = bound.verification;

  t = performance.now();
  progress({ stage: 'gw' });
  const gwExpected = gwExpectedCut(graph, sdp);
  const gw = bestOfHyperplanes(graph, sdp, o.hyperplanes, foldIn(root, 'hyperplanes'));
  const gwSeconds = seconds(t);

  t = performance.now();
  const common = { graph, sdp, ...(signal === undefined ? {} : { signal }) };
  const rounded = parts.rounding.round({ ...common, key: foldIn(root, 'rounding'), onProgress: (p) => progress({ stage: 'rounding', ...p }) });
  const roundedSides = rounded.sides;
  const roundedCut = cutValue(graph, roundedSides);
  const roundingSeconds = seconds(t);

  t = performance.now();
  progress({ stage: 'polish', note: o.polish.id });
  const polished = parts.polish.polish({ ...common, key: foldIn(root, 'polish'), sides: roundedSides, cut: roundedCut, ...(o.bestKnown === undefined ? {} : { target: o.bestKnown }) });
  const sides = polished.sides;
  const polishedCut = polished.unchanged === true ? null : cutValue(graph, sides);
  const polishSeconds = seconds(t);
  const cut = polishedCut ?? roundedCut;

  t = performance.now();
  let gwBestPolished: number | null = null;
  if (polished.unchanged !== true) {
    progress({ stage: 'gw-polish', note: o.polish.id });
    const gwPolished = parts.polish.polish({ ...common, key: foldIn(root, 'gw-polish'), sides: gw.sides, cut: gw.best, ...(o.bestKnown === undefined ? {} : { target: o.bestKnown }) });
    gwBestPolished = cutValue(graph, gwPolished.sides);
  }
  const gwPolishSeconds = seconds(t);

  let exact: ExactReport | undefined;
  let exactSeconds: number | undefined;
  if (o.exact !== false) {
    t = performance.now();
    progress({ stage: 'exact' });
    if (graph.n <= ENUMERATION_LIMIT) {
      const e = maxcutByEnumeration(graph);
      exact = { method: 'enumeration', cut: e.cut, proven: true, nodes: e.examined, seconds: seconds(t) };
    } else {
      const b = branchAndBound(graph, { incumbent: sides, maxSeconds: o.exact === true ? 60 : o.exact });
      exact = { method: 'branch-and-bound', cut: b.cut, proven: b.proven, nodes: b.nodes, seconds: b.seconds };
    }
    exactSeconds = seconds(t);
  }
  progress({ stage: 'done' });
  const d = rounded.details;
  const result: MaxcutResult = {
    format: 'derand.maxcut.result',
    version: 3,
    graph: graph.name,
    n: graph.n,
    m: graph.m,
    totalWeight: graph.totalWeight,
    seed,
    backend: backend ?? 'unknown',
    rounding: o.rounding.id,
    polish: o.polish.id,
    sdpValue: sdp.value,
    sdpRank: sdp.rank,
    sdpSweeps: sdp.sweeps,
    sdpThreads: sdp.threads,
    upperBound: bound.value,
    upperBoundVerified: bound.verified,
    upperBoundMethod: bound.method,
    upperBoundVerification: verification,
    gwExpected,
    gwBest: gw.best,
    gwMean: gw.mean,
    hyperplanes: o.hyperplanes,
    roundedCut,
    signCut: numberOr(d['signCut']),
    conditionalCut: numberOr(d['conditionalCut']),
    redecided: numberOr(d['redecided']),
    conditionalApplied: typeof d['conditionalApplied'] === 'boolean' ? d['conditionalApplied'] : null,
    gradNorm: numberOr(d['gradNorm']),
    roundingDetails: d,
    normV: numberOr(d['normV']),
    normV0: numberOr(d['normV0']),
    collapsed: typeof d['collapsed'] === 'boolean' ? d['collapsed'] : null,
    steps: numberOr(d['steps']),
    roundingRank: numberOr(d['roundingRank']),
    droppedEnergy: numberOr(d['droppedEnergy']),
    polishedCut,
    polishDetails: polished.details,
    gwBestPolished,
    cut,
    certifiedRatio: cut / bound.value,
    bestKnown: o.bestKnown ?? null,
    certificate: rounded.certificate ?? null,
    ...(exact === undefined ? {} : { exact }),
    history: rounded.history ?? [],
    ...(signal?.aborted === true ? { stoppedEarly: true } : {}),
    ...(typeof d['nonFiniteStep'] === 'number' ? { nonFinite: { step: d['nonFiniteStep'], returnedStep: numberOr(d['nonFiniteReturnedStep']) ?? 0 } } : {}),
    seconds: seconds(started),
    timings: {
      sdp: sdpSeconds,
      bound: boundSeconds,
      boundLanczos: lanczosSeconds,
      ...(orderingSeconds === undefined ? {} : { boundOrdering: orderingSeconds }),
      gw: gwSeconds,
      rounding: roundingSeconds,
      polish: polishSeconds,
      gwPolish: gwPolishSeconds,
      ...(exactSeconds === undefined ? {} : { exact: exactSeconds }),
    },
  };
  return { result, sides, roundedSides, sdp };
}
