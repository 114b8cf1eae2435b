import { definePlugin, z } from '@derand/registry';
import { BASELINE_IDS, type BaselineId } from '../baselines/baselines.js';
import { annealingDownwards, fitOptionsShape } from '../fit/fit-options.js';
import { dataReadingShape, dataSourceSchema, DATA_SOURCE_HELP, loadDataSource } from './data-source.js';
import { embeddingToJson } from '../embedding/embedding-json.js';
import { runJl, type JlRunResult } from './run-jl.js';
import { assertJlFits } from '../fit/memory-estimate.js';

/** `gaussian,pca`, `all` or `none`, as a list. */
const baselineList = z.union([
  z.array(z.enum(BASELINE_IDS)),
  z
    .string()
    .transform((raw, ctx): BaselineId[] => {
      if (raw === 'all') return [...BASELINE_IDS];
      if (raw === 'none' || raw === '') return [];
      const parts = raw.split(',').map((p) => p.trim());
      const bad = parts.filter((p) => !(BASELINE_IDS as readonly string[]).includes(p));
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `'${bad.join(', ')}' not among: ${BASELINE_IDS.join(', ')}, all, none`, input: raw });
      return parts as BaselineId[];
    }),
]);

/** Options of the `jl` solver: the data, the fit's options, the baselines. */
export const jlSolverOptions = z
  .object({
    data: dataSourceSchema.meta({ positional: true }).describe(DATA_SOURCE_HELP),
    vectors: dataSourceSchema.optional().meta({ flag: 'vectors' }).describe('the vectors whose norms the vectors problem preserves (a file, or rows inline)'),
    ...dataReadingShape,
    ...fitOptionsShape,
    baselines: baselineList.default([...BASELINE_IDS]).meta({ flag: 'baselines', inputDefault: [...BASELINE_IDS] }).describe(`baselines to compare: a list of ${BASELINE_IDS.join(', ')}, or all, none`),
    trials: z.number().int().positive().default(100).meta({ flag: 'trials' }).describe('draws of each random baseline'),
    returnMatrix: z.boolean().default(false).meta({ flag: 'return-matrix' }).describe('include the fitted matrix P in the result (its JSON form)'),
  })
  .strict()
  .superRefine((o, ctx) => {
    annealingDownwards(o, ctx);
    if (o.problem === 'vectors' && o.vectors === undefined) ctx.addIssue({ code: 'custom', path: ['vectors'], message: 'is required by the vectors problem' });
    if (o.problem !== 'vectors' && o.vectors !== undefined) ctx.addIssue({ code: 'custom', path: ['vectors'], message: 'is only used by the vectors problem' });
  });

/**
 * The `jl` solver: fits a Johnson–Lindenstrauss embedding by derandomized optimisation and
 * compares it with the baselines; the result carries k, normsMax, pairsMax, pairsMean, σ, the
 * baselines and the times. The sampler, loss and optimizer resolve through the context's
 * registry; data files are read through the context's file access. The engine must be started.
 *
 * @example const result = await runSolver(registry, { solver: 'jl', options: { data: 'uniform', k: 30 } }, context);
 */
export const jlSolver = definePlugin({
  kind: 'solver',
  id: 'jl',
  summary: 'Johnson–Lindenstrauss embeddings by derandomized optimisation (sampler A = M + σE), judged on pairwise distortion, with baselines.',
  options: jlSolverOptions,
  source: '@derand/jl',
  run: async (options, context): Promise<JlRunResult> => {
    const reading = { format: options.dataFormat, header: options.header };
    const data = await loadDataSource(options.data, context.seed, context.files, reading);
    const vectors = options.vectors === undefined ? undefined : await loadDataSource(options.vectors, context.seed, context.files, reading);
    // stated before any tensor exists: exact pairs are n × n Gram matrices; auto switches to sampled above 2·10⁶ pairs
    const pairs = options.pairs === 'auto' ? ((data.rows * (data.rows - 1)) / 2 <= 2_000_000 ? 'exact' : 'sampled') : options.pairs;
    assertJlFits(data.rows, data.cols, { k: options.k, pairs, pairBatch: options.pairBatch, samples: options.samples, method: options.method.id }, context.backend, context.memoryBytes);
    const { data: _data, vectors: _vectors, returnMatrix, dataFormat: _format, header: _header, ...rest } = options;
    const fitOptions = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as typeof rest;
    const { result, fit } = runJl(
      data,
      {
        ...fitOptions,
        ...(vectors === undefined ? {} : { vectors }),
        seed: context.seed,
        ...(context.signal === undefined ? {} : { signal: context.signal }),
        onEvent: (event) => {
          if (event.type === 'progress') context.emit({ type: 'progress', step: event.step, total: event.total, label: 'fit' });
          if (event.type === 'metrics') context.emit({ type: 'metrics', step: event.step, values: event.values });
        },
        onPhase: (phase) => context.emit({ type: 'log', level: 'info', message: phase }),
      },
      context.registry,
    );
    context.emit({ type: 'done', step: result.steps });
    return returnMatrix ? { ...result, matrix: embeddingToJson(fit.embedding) } : result;
  },
});
