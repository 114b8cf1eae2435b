import { definePlugin, z } from '@derand/registry';
import { BASELINE_IDS } from '../baselines/baselines.js';
import { loadDataSource, DATA_SOURCE_HELP } from './data-source.js';
import { runJl, type JlRunOptions, type JlRunResult } from './run-jl.js';

const positiveInt = z.number().int().positive();

/** Options of the `jl` solver (the same names as `fitEmbedding` and `derand jl`). */
export const jlSolverOptions = z
  .object({
    data: z.string().min(1).describe(DATA_SOURCE_HELP),
    k: positiveInt.describe('target dimension, 1 ≤ k ≤ d'),
    problem: z.enum(['pairwise', 'norms', 'vectors']).default('pairwise'),
    vectors: z.string().optional().describe('file with the vectors of the vectors problem'),
    method: z.enum(['isotropic', 'diagonal', 'full', 'lowrank', 'direct']).default('isotropic'),
    rank: positiveInt.optional().describe('columns of W for the lowrank sampler (default k)'),
    loss: z.enum(['smooth-max', 'violation', 'batch-max']).default('smooth-max'),
    steps: positiveInt.default(1000),
    optimizer: z.enum(['adam', 'gd', 'momentum', 'pgd']).default('adam'),
    learningRate: z.number().positive().optional(),
    learningRateEnd: z.number().positive().optional(),
    temperature: z.number().positive().default(0.1),
    temperatureEnd: z.number().positive().default(0.005),
    stages: positiveInt.default(20),
    samples: positiveInt.default(4),
    antithetic: z.boolean().default(false),
    sampling: z.enum(['fresh', 'fixed']).default('fresh'),
    lambda: z.number().nonnegative().default(1e-4),
    sigma0: z.number().positive().default(1),
    init: z.enum(['zeros', 'gaussian']).optional(),
    epsilon: z.number().positive().default(0.2),
    pairs: z.enum(['auto', 'exact', 'sampled']).default('auto'),
    pairBatch: positiveInt.default(4096),
    baselines: z.array(z.enum(BASELINE_IDS)).default([...BASELINE_IDS]),
    trials: positiveInt.default(100),
  })
  .strict();

/**
 * The `jl` solver: fits a Johnson–Lindenstrauss embedding by derandomized optimisation and
 * compares it with the baselines; the result carries k, normsMax, pairsMax, pairsMean, σ, the
 * baselines and the times. Runs on the active backend with the context's seed.
 * @example const result = await registry.resolve('solver', 'jl').run(registry.parseOptions('solver', 'jl', { data: 'uniform', k: 30 }), context);
 */
export const jlSolver = definePlugin({
  kind: 'solver',
  id: 'jl',
  summary: 'Johnson–Lindenstrauss embeddings by derandomized optimisation (sampler A = M + σE), judged on pairwise distortion, with baselines.',
  options: jlSolverOptions,
  run: async (options, context): Promise<JlRunResult> => {
    const data = loadDataSource(options.data, context.seed);
    const vectors = options.vectors === undefined ? undefined : loadDataSource(options.vectors, context.seed);
    // zod leaves absent optional options as undefined; FitOptions wants them absent
    const rest = Object.fromEntries(Object.entries(options).filter(([name, value]) => value !== undefined && name !== 'data' && name !== 'vectors')) as unknown as Omit<JlRunOptions, 'seed'>;
    const { result } = runJl(data, {
      ...rest,
      ...(vectors === undefined ? {} : { vectors }),
      seed: context.seed,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
      onEvent: (event) => {
        if (event.type === 'progress') context.emit({ type: 'progress', step: event.step, total: event.total, label: 'fit' });
        if (event.type === 'metrics') context.emit({ type: 'metrics', step: event.step, values: event.values });
      },
    });
    context.emit({ type: 'done', step: result.steps });
    return result;
  },
});

/** Every plugin of `@derand/jl`, for the CLI registry. */
export const jlPlugins = [jlSolver] as const;
