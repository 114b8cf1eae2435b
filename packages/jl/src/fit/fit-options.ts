import type { MinimizeEvent } from '@derand/core';
import { InputError, issuesFromZod, partRef, z, type InputIssue } from '@derand/registry';
import type { DataMatrix } from '../data/matrix.js';
import { validateData } from '../data/validate.js';
import { JL_RECOMMENDED_OPTIMIZERS } from './recommended.js';

/**
 * The options of a JL fit: the single place their defaults, choices and help live (the `jl`
 * solver's schema extends them with the data, the baselines and the trials).
 */
export const fitOptionsShape = {
  k: z.number().int().positive().default(30).meta({ flag: 'k' }).describe('target dimension, 1 ≤ k ≤ d'),
  problem: z.enum(['pairwise', 'norms', 'vectors']).default('pairwise').meta({ flag: 'problem' }).describe('what to preserve: pairwise distances, norms, or the norms of given vectors'),
  pairs: z.enum(['auto', 'exact', 'sampled']).default('auto').meta({ flag: 'pairs' }).describe('pairs per step: all, an unbiased uniform batch, or auto (all up to 2·10⁶)'),
  pairBatch: z.number().int().positive().default(4096).meta({ flag: 'pair-batch' }).describe('pairs per step when sampled'),
  method: partRef('jl-sampler', 'isotropic')
    .meta({ flag: 'method' })
    .describe('sampler: isotropic A = M + σE, diagonal, the general factor (full, lowrank), direct optimisation of A, or a plugin'),
  loss: partRef('jl-loss', 'smooth-max').meta({ flag: 'loss' }).describe('smooth max (log-sum-exp, annealed), violation (the paper), batch-max (the authors’ code), or a plugin'),
  steps: z.number().int().positive().default(1000).meta({ flag: 'steps' }).describe('optimisation steps'),
  optimizer: partRef('optimizer', 'adam')
    .meta({ flag: 'optimizer', recommended: JL_RECOMMENDED_OPTIMIZERS })
    .describe('optimizer plugin; `recommended` lists the step sizes used for each when none is given'),
  learningRate: z.number().positive().optional().meta({ flag: 'lr' }).describe('initial step size η₀ (when absent: the recommended one of the optimizer)'),
  learningRateEnd: z.number().positive().optional().meta({ flag: 'lr-end' }).describe('final step size η₁ of the geometric decay (when absent: recommended; η₀/30 for Adam)'),
  temperature: z.number().positive().default(0.1).meta({ flag: 'temperature' }).describe('initial smooth-max temperature τ₀'),
  temperatureEnd: z.number().positive().default(0.005).meta({ flag: 'temperature-end' }).describe('final temperature τ₁'),
  stages: z.number().int().positive().default(20).meta({ flag: 'stages' }).describe('annealing stages'),
  samples: z.number().int().positive().default(4).meta({ flag: 'samples' }).describe('sampled matrices per step S'),
  antithetic: z.boolean().default(false).meta({ flag: 'antithetic' }).describe('sample antithetic pairs ±E (keeps M = 0 stationary)'),
  sampling: z.enum(['fresh', 'fixed']).default('fresh').meta({ flag: 'sampling' }).describe('a fresh Monte-Carlo sample every step, or a fixed one'),
  lambda: z.number().nonnegative().default(1e-4).meta({ flag: 'lambda' }).describe('λ of λ‖W‖²_F on the sampler’s random part'),
  sigma0: z.number().positive().default(1).meta({ flag: 'sigma0' }).describe('initial σ of the sampler'),
  init: z.enum(['zeros', 'gaussian']).optional().meta({ flag: 'init' }).describe('initial mean M₀ (when absent: zeros for samplers, gaussian for direct)'),
  every: z.number().int().positive().optional().meta({ flag: 'every' }).describe('metrics cadence in steps (when absent: ⌈steps/200⌉)'),
  keepBest: z.boolean().default(true).meta({ flag: 'keep-best' }).describe('return the best iterate seen rather than the last'),
  complement: z.enum(['gaussian', 'zero']).default('gaussian').meta({ flag: 'complement' }).describe('how P acts off the span of the data when the problem was reduced'),
  certify: z.boolean().default(false).meta({ flag: 'certify' }).describe('run the second-order certificate on the final iterate'),
  certifyRho: z
    .number()
    .positive()
    .default(1e-3)
    .meta({ flag: 'certify-rho' })
    .describe('precision ρ of the certificate, a stated tolerance (‖∇f‖ ≤ ρ, λ_min ≥ −√(Kρ)); a fit stops on a step count, so the result says which half holds'),
};

function annealingDownwards(o: { temperature: number; temperatureEnd: number }, ctx: z.RefinementCtx): void {
  if (o.temperature > 0 && o.temperatureEnd > o.temperature) {
    ctx.addIssue({ code: 'custom', path: ['temperatureEnd'], message: `must not exceed temperature ${o.temperature} (the temperature is annealed downwards)`, input: o.temperatureEnd });
  }
}

export const fitOptionsSchema = z.object(fitOptionsShape).strict().superRefine(annealingDownwards);
export { annealingDownwards };

/** Options of `fitEmbedding` (all defaults from {@link fitOptionsSchema}) plus the run's seed, data and hooks. */
export type FitOptions = z.input<typeof fitOptionsSchema> & {
  /** Root seed [0]. */
  readonly seed?: number;
  /** The vectors of the `vectors` problem. */
  readonly vectors?: DataMatrix;
  readonly onEvent?: (event: MinimizeEvent) => void;
  readonly signal?: AbortSignal;
};

/** Options with every default filled in (recorded in results). */
export type ResolvedFitOptions = z.output<typeof fitOptionsSchema> & { readonly seed: number; readonly every: number };

/**
 * Fills in the defaults of {@link FitOptions} and checks every value, reporting all problems
 * together (k outside [1, d], non-positive steps, temperatures or step sizes, unknown names).
 *
 * @param options - as given.
 * @param d - the data dimension (k ≤ d).
 * @throws InputError `BAD_OPTION`.
 * @example const resolved = resolveFitOptions({ k: 30 }, 500); // every default filled in
 */
export function resolveFitOptions(options: FitOptions, d: number): ResolvedFitOptions {
  const { seed, vectors, onEvent: _onEvent, signal: _signal, ...raw } = options;
  const issues: InputIssue[] = [];
  const parsed = fitOptionsSchema.safeParse(raw);
  if (!parsed.success) issues.push(...issuesFromZod(parsed.error, raw));
  const k = parsed.success ? parsed.data.k : options.k;
  if (typeof k === 'number' && Number.isInteger(k) && k > d) issues.push({ where: 'k', message: `must not exceed the data dimension d = ${d}; use k ≤ ${d}`, value: k });
  const s = seed ?? 0;
  if (!Number.isSafeInteger(s) || s < 0) issues.push({ where: 'seed', message: 'must be a non-negative integer', value: s });
  if (parsed.success && parsed.data.problem === 'vectors' && vectors === undefined) issues.push({ where: 'vectors', message: "the 'vectors' problem needs the vectors whose norms to preserve" });
  if (issues.length > 0 || !parsed.success) throw new InputError('BAD_OPTION', 'Invalid JL options:', sortIssues(issues));
  const o = parsed.data;
  return { ...o, seed: s, every: o.every ?? Math.max(1, Math.ceil(o.steps / 200)) };
}

/** Issues in the order of the schema's fields (so messages read top to bottom). */
function sortIssues(issues: InputIssue[]): InputIssue[] {
  const order = Object.keys(fitOptionsShape);
  const rank = (where: string): number => {
    const i = order.indexOf(where.split('.')[0] ?? where);
    return i < 0 ? order.length : i;
  };
  return [...issues].sort((a, b) => rank(a.where) - rank(b.where));
}

/** The issues of an InputError thrown by `fn` (none if it returns). */
function issuesOf(fn: () => unknown): readonly InputIssue[] {
  try {
    fn();
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
}

/**
 * Checks the data and the options of a fit together, before any tensor exists, and reports
 * every problem in one error: NaN/Inf rows, zero rows (norm problems), repeated points (pairwise),
 * and every bad option (k outside [1, d] included).
 *
 * @param data - the points.
 * @param options - as given to `fitEmbedding`.
 * @returns the resolved options.
 * @throws InputError `BAD_INPUT` listing data issues, then option issues.
 * @example const resolved = validateFitInput(X, { k: 30 }); // throws on the first look at bad input
 */
export function validateFitInput(data: DataMatrix, options: FitOptions): ResolvedFitOptions {
  const optionIssues = issuesOf(() => resolveFitOptions(options, data.cols));
  const items = options.problem === 'vectors' && options.vectors !== undefined ? options.vectors : data;
  const dataIssues = issuesOf(() => validateData(items, (options.problem ?? 'pairwise') === 'pairwise' ? { distinctRows: true, nonZeroRows: false } : {}));
  if (optionIssues.length + dataIssues.length > 0) {
    throw new InputError('BAD_INPUT', `Cannot fit a JL embedding of ${data.source} (${data.rows} × ${data.cols}):`, [...dataIssues, ...optionIssues]);
  }
  return resolveFitOptions(options, data.cols);
}
