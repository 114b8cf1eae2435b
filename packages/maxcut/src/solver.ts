import { DerandError, definePlugin, z, type SolverContext } from '@derand/registry';
import { GRAPH_FORMATS, parseGraph } from './graph/parse-graph.js';
import { parseJsonGraph } from './graph/read-json-graph.js';
import type { Graph } from './graph/graph.js';
import { maxcutPipelineShape, solveMaxcut, type MaxcutResult } from './solve-maxcut.js';
import { assertMaxcutFits } from './memory-estimate.js';

const inlineGraph = z
  .object({
    n: z.number().int().positive(),
    base: z.union([z.literal(0), z.literal(1)]).optional(),
    edges: z.array(z.union([z.array(z.number()), z.record(z.string(), z.number())])),
  })
  .strict()
  .describe('the JSON graph form {n, base?, edges: [[i, j, w?] | {from, to, weight?}]}');

/** Options of the `maxcut` solver: the graph, how to read it, and the pipeline's options. */
export const maxcutSolverOptions = z
  .object({
    graph: z
      .union([z.string().min(1), inlineGraph])
      .meta({ positional: true })
      .describe('graph: a file (rudy/Gset, edge list CSV/TSV/whitespace, Matrix Market, JSON; also .gz), - for standard input, or the JSON form inline'),
    format: z.enum(['auto', ...GRAPH_FORMATS]).default('auto').meta({ flag: 'format' }).describe('graph file format'),
    base: z.enum(['auto', '0', '1']).default('auto').meta({ flag: 'base' }).describe('edge-list index base'),
    duplicates: z.enum(['error', 'sum', 'first']).default('error').meta({ flag: 'duplicates' }).describe('repeated edges: error, sum (parallel edges add) or first'),
    selfLoops: z.enum(['drop', 'error']).default('drop').meta({ flag: 'self-loops' }).describe('self-loops: drop (they never cross a cut) or error'),
    ...maxcutPipelineShape,
  })
  .strict();
export type MaxcutSolverOptions = z.output<typeof maxcutSolverOptions>;

/** The last path segment of a file name, without node:path (this entry runs in browsers too). */
const baseName = (name: string): string => name.split(/[\\/]/).pop() ?? name;

/**
 * The graph a solver run names: read through the context's file access (the CLI reads the
 * disk, a browser supplies the bytes) and parsed here; errors name the file and line.
 *
 * @throws DerandError (NO_FILE_ACCESS) when the options name a file and the host gives no file access.
 */
export async function graphOf(options: MaxcutSolverOptions, context: Pick<SolverContext, 'files'>): Promise<Graph> {
  const policies = { duplicates: options.duplicates, selfLoops: options.selfLoops };
  if (typeof options.graph !== 'string') return parseJsonGraph(JSON.stringify(options.graph), { ...policies, name: 'graph' });
  if (context.files === undefined) {
    throw new DerandError('NO_FILE_ACCESS', `The graph '${options.graph}' is a file name, but this host reads no files; pass the graph inline ({n, edges}).`);
  }
  const text = new TextDecoder().decode(await context.files.read(options.graph));
  const name = options.graph === '-' ? '<stdin>' : baseName(options.graph);
  return parseGraph(text, { ...policies, name, format: options.format, base: options.base === 'auto' ? 'auto' : options.base === '0' ? 0 : 1 });
}

/** The result of the `maxcut` solver: the pipeline's result and the final cut. */
export interface MaxcutSolverResult extends MaxcutResult {
  /** Notes of the reader (self-loops dropped, duplicates merged). */
  readonly notes: { readonly selfLoopsDropped: number; readonly duplicatesMerged: number };
  /** The final partition (±1 per vertex). */
  readonly sides: number[];
}

/** The whole pipeline as a solver plugin: a graph (a file name or inline JSON) → result JSON. */
export const maxcutSolver = definePlugin({
  kind: 'solver',
  id: 'maxcut',
  summary: 'Certified MAXCUT: SDP with a dual upper bound, GW baselines, the derandomized rounding and local search.',
  options: maxcutSolverOptions,
  source: '@derand/maxcut',
  run: async (options, context): Promise<MaxcutSolverResult> => {
    const graph = await graphOf(options, context);
    // stated before the SDP allocates: a graph too large for the machine fails here, with what fits
    assertMaxcutFits(graph.n, graph.m, { ...(options.sdp.rank === undefined ? {} : { rank: options.sdp.rank }), verifyLimit: options.verifyLimit, tensors: options.rounding.id === 'derandomized' }, context.backend, context.memoryBytes);
    if (graph.notes.selfLoopsDropped > 0) context.emit({ type: 'log', level: 'warn', message: `${graph.name}: dropped ${graph.notes.selfLoopsDropped} self-loop(s) (they never cross a cut).` });
    if (graph.notes.duplicatesMerged > 0) context.emit({ type: 'log', level: 'warn', message: `${graph.name}: merged ${graph.notes.duplicatesMerged} repeated edge(s) (duplicates: ${options.duplicates}).` });
    const { graph: _graph, format: _format, base: _base, duplicates: _duplicates, selfLoops: _selfLoops, ...pipeline } = options;
    const { result, sides } = solveMaxcut(graph, {
      ...pipeline,
      seed: context.seed,
      backend: context.backend,
      registry: context.registry,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
      onProgress: (p) => {
        if (p.stage === 'rounding') {
          context.emit({ type: 'progress', step: p.step, total: p.total, label: 'rounding' });
          // The rounding's figures as it trains, for live views (the docs' demo plots ‖V‖_F collapsing).
          context.emit({ type: 'metrics', step: p.step, values: p.normV === undefined ? { cut: p.cut } : { cut: p.cut, normV: p.normV } });
        }
        else if (p.stage === 'sdp') context.emit({ type: 'progress', step: p.sweep, label: 'sdp' });
        else if (p.stage === 'bound' || p.stage === 'polish' || p.stage === 'exact') context.emit({ type: 'log', level: 'info', message: p.stage });
      },
    });
    context.emit({ type: 'done', step: result.steps ?? 0 });
    return { ...result, notes: { selfLoopsDropped: graph.notes.selfLoopsDropped, duplicatesMerged: graph.notes.duplicatesMerged }, sides: Array.from(sides) };
  },
});
