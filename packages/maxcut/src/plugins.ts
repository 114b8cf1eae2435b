import type { RandomKey } from '@derand/core';
import { definePlugin, z } from '@derand/registry';
import type { Graph } from './graph/graph.js';
import { parseJsonGraph } from './graph/read-json-graph.js';
import { GRAPH_FORMATS } from './graph/parse-graph.js';
import { cutValue, type Sides } from './cut/cut-value.js';
import type { SdpSolution } from './sdp/mixing-method.js';
import { bestOfHyperplanes } from './rounding/hyperplane.js';
import { derandomizedRounding } from './rounding/derandomized-rounding.js';
import { scoreFunctionRounding } from './rounding/score-function-rounding.js';
import { oneFlip } from './local/one-flip.js';
import { breakoutLocalSearch } from './local/breakout-local-search.js';
import { POLISHES, ROUNDINGS, solveMaxcut } from './solve-maxcut.js';

/** What a rounding or polish plugin receives. */
export interface RoundingInput {
  readonly graph: Graph;
  readonly sdp: SdpSolution;
  readonly key: RandomKey;
  readonly signal?: AbortSignal;
}

/** What a rounding or polish plugin returns. */
export interface RoundingOutput {
  readonly sides: Sides;
  readonly cut: number;
  /** Method-specific figures (‖V‖_F, steps, max σ …). */
  readonly details: Readonly<Record<string, number | boolean>>;
}

const hyperplaneOptions = z.object({ count: z.number().int().min(1).max(100_000).default(100) }).strict();
const derandomizedOptions = z
  .object({
    tau: z.number().positive().default(0.1),
    lambda: z.number().positive().default(2e-4),
    learningRate: z.number().positive().default(0.2),
    collapse: z.number().positive().max(1).default(1e-3),
    maxSteps: z.number().int().min(1).default(3000),
    expectation: z.enum(['exact', 'monte-carlo']).default('exact'),
    samples: z.number().int().min(2).default(64),
  })
  .strict();
const scoreFunctionOptions = z
  .object({
    steps: z.number().int().min(1).default(5000),
    samples: z.number().int().min(2).default(100),
    vectors: z.enum(['sdp', 'spectral']).default('sdp'),
  })
  .strict();
const breakoutOptions = z.object({ seconds: z.number().positive().default(10), target: z.number().optional() }).strict();

/** Goemans–Williamson random-hyperplane rounding (best of `count`). */
export const hyperplaneRounding = definePlugin({
  kind: 'rounding',
  id: 'hyperplane',
  summary: 'Goemans–Williamson random hyperplanes: the best of N cuts sign(Vz).',
  options: hyperplaneOptions,
  source: '@derand/maxcut',
  round: (input: RoundingInput, options: z.output<typeof hyperplaneOptions>): RoundingOutput => {
    const r = bestOfHyperplanes(input.graph, input.sdp, options.count, input.key);
    return { sides: r.sides, cut: r.best, details: { mean: r.mean, count: r.count } };
  },
});

/** The paper's derandomized rounding. */
export const derandomizedRoundingPlugin = definePlugin({
  kind: 'rounding',
  id: 'derandomized',
  summary: "The paper's derandomized rounding: train V (from the SDP vectors) and μ until V collapses; cut = sign(μ).",
  options: derandomizedOptions,
  source: '@derand/maxcut',
  round: (input: RoundingInput, options: z.output<typeof derandomizedOptions>): RoundingOutput => {
    const r = derandomizedRounding(input.graph, input.sdp, {
      key: input.key,
      tau: options.tau,
      lambda: options.lambda,
      learningRate: options.learningRate,
      collapse: options.collapse,
      maxSteps: options.maxSteps,
      expectation: options.expectation === 'exact' ? { kind: 'exact' } : { kind: 'monte-carlo', samples: options.samples, mode: 'antithetic' },
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
    return { sides: r.sides, cut: r.cut, details: { normV: r.normV, normV0: r.normV0, collapsed: r.collapsed, steps: r.steps, fixed: r.fixed } };
  },
});

/** The authors' score-function variant (reproduction mode). */
export const scoreFunctionRoundingPlugin = definePlugin({
  kind: 'rounding',
  id: 'score-function',
  summary: "The authors' code variant: REINFORCE over a Gaussian hyperplane normal with fixed vectors (reproduction mode).",
  options: scoreFunctionOptions,
  source: '@derand/maxcut',
  round: (input: RoundingInput, options: z.output<typeof scoreFunctionOptions>): RoundingOutput => {
    const r = scoreFunctionRounding(input.graph, input.sdp, { key: input.key, ...options, ...(input.signal === undefined ? {} : { signal: input.signal }) });
    return { sides: r.sides, cut: r.cut, details: { maxSigma: r.maxSigma, steps: r.steps } };
  },
});

/** 1-flip local search. */
export const oneFlipPolish = definePlugin({
  kind: 'polish',
  id: 'one-flip',
  summary: '1-flip local search: flip vertices while the cut improves.',
  options: z.object({}).strict(),
  source: '@derand/maxcut',
  polish: (input: RoundingInput & { readonly sides: Sides }): RoundingOutput => {
    const r = oneFlip(input.graph, input.sides);
    return { sides: r.sides, cut: r.cut, details: { flips: r.flips } };
  },
});

/** Breakout local search. */
export const breakoutPolish = definePlugin({
  kind: 'polish',
  id: 'breakout',
  summary: 'Breakout local search (tabu-directed perturbations) within a time budget.',
  options: breakoutOptions,
  source: '@derand/maxcut',
  polish: (input: RoundingInput & { readonly sides: Sides }, options: z.output<typeof breakoutOptions>): RoundingOutput => {
    const r = breakoutLocalSearch(input.graph, input.sides, {
      key: input.key,
      maxSeconds: options.seconds,
      ...(options.target === undefined ? {} : { target: options.target }),
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
    return { sides: r.sides, cut: cutValue(input.graph, r.sides), details: { rounds: r.rounds, secondsToBest: r.secondsToBest } };
  },
});

const graphInput = z.union([
  z.string().min(1),
  z.object({ n: z.number(), base: z.union([z.literal(0), z.literal(1)]).optional(), edges: z.array(z.unknown()) }).passthrough(),
]);

const solverOptions = z
  .object({
    graph: graphInput,
    format: z.enum(['auto', ...GRAPH_FORMATS]).default('auto'),
    rounding: z.enum(ROUNDINGS).default('derandomized'),
    polish: z.enum(POLISHES).default('one-flip'),
    polishSeconds: z.number().positive().default(10),
    hyperplanes: z.number().int().min(1).default(100),
    bestKnown: z.number().optional(),
    derandomized: derandomizedOptions.partial().default({}),
  })
  .strict();

/** The whole pipeline as a solver plugin: graph (path or JSON form) → result JSON. */
export const maxcutSolver = definePlugin({
  kind: 'solver',
  id: 'maxcut',
  summary: 'Certified MAXCUT: SDP with a dual upper bound, GW baselines, the derandomized rounding and local search.',
  options: solverOptions,
  source: '@derand/maxcut',
  run: async (options, context) => {
    let graph: Graph;
    if (typeof options.graph === 'string') {
      const { readGraphFile } = await import('./node/files.js');
      graph = readGraphFile(options.graph, { format: options.format });
    } else {
      graph = parseJsonGraph(JSON.stringify(options.graph), { name: 'graph' });
    }
    const { expectation, samples, ...rest } = options.derandomized;
    const { result } = solveMaxcut(graph, {
      seed: context.seed,
      backend: context.backend,
      rounding: options.rounding,
      polish: options.polish,
      polishSeconds: options.polishSeconds,
      hyperplanes: options.hyperplanes,
      ...(options.bestKnown === undefined ? {} : { bestKnown: options.bestKnown }),
      derandomized: {
        ...withoutUndefined(rest),
        ...(expectation === 'monte-carlo' ? { expectation: { kind: 'monte-carlo', samples: samples ?? 64, mode: 'antithetic' } } : {}),
      },
      onProgress: (p) => {
        if (p.stage === 'rounding') context.emit({ type: 'progress', step: p.step, total: p.total, label: 'rounding' });
        else if (p.stage === 'sdp') context.emit({ type: 'progress', step: p.sweep, label: 'sdp' });
      },
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
    context.emit({ type: 'done', step: result.steps ?? 0 });
    return result;
  },
});

/** Every MAXCUT plugin: the solver, the rounding methods and the polishes. */
export const maxcutPlugins = [
  maxcutSolver,
  hyperplaneRounding,
  derandomizedRoundingPlugin,
  scoreFunctionRoundingPlugin,
  oneFlipPolish,
  breakoutPolish,
] as const;

/** Drops keys whose value is undefined (zod's partial objects under exactOptionalPropertyTypes). */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
