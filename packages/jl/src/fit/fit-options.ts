import type { MinimizeEvent } from '@derand/core';
import { InputError, type InputIssue } from '@derand/registry';
import type { DataMatrix } from '../data/matrix.js';
import { validateData } from '../data/validate.js';
import type { JlLossKind, SamplerKind } from '../objective/jl-objective.js';

/** How the matrix is optimised: the samplers of `jlObjective`, or a general factor W (full or low rank). */
export type FitMethod = SamplerKind | 'full' | 'lowrank';
import type { ProblemKind } from '../problem/problem.js';
import { defaultLearningRate, type JlOptimizerKind } from './optimizer.js';

/** Options of `fitEmbedding`; only `k` is required. Defaults in brackets. */
export interface FitOptions {
  /** Target dimension, 1 ≤ k ≤ d. */
  readonly k: number;
  /** What to preserve [`pairwise`]. */
  readonly problem?: ProblemKind;
  /** The vectors of the `vectors` problem. */
  readonly vectors?: DataMatrix;
  /** Pairwise: all pairs every step, or an unbiased uniform batch [`auto`: exact up to 2·10⁶ pairs]. */
  readonly pairs?: 'auto' | 'exact' | 'sampled';
  /** Pairs per step when sampled [4096]. */
  readonly pairBatch?: number;
  /**
   * `isotropic` sampler A = M + σE [default], `diagonal` sampler, the general sampler
   * vec(A) = vec(M) + Wz with a `full` (k·r × k·r) or `lowrank` (k·r × rank) factor, or `direct`
   * optimisation of A (the ablation).
   */
  readonly method?: FitMethod;
  /** Columns of W for `lowrank` [k]. */
  readonly rank?: number;
  /** Loss [`smooth-max`]; `violation` (the paper's smoothed probability) or `batch-max` (the authors' code). */
  readonly loss?: JlLossKind;
  /** Optimisation steps [1000]. */
  readonly steps?: number;
  /** Optimizer [`adam`]; `pgd` is Jin et al.'s perturbed gradient descent. */
  readonly optimizer?: JlOptimizerKind;
  /** η₀ [Adam 0.1, GD 30, momentum 3, PGD 30] and η at the end [η₀/30; PGD keeps η₀]. */
  readonly learningRate?: number;
  readonly learningRateEnd?: number;
  /** Smooth-max temperature, annealed geometrically τ₀ → τ₁ [0.1 → 0.005] over `stages` stages [20]. */
  readonly temperature?: number;
  readonly temperatureEnd?: number;
  readonly stages?: number;
  /** Sampled matrices per step S [4]; antithetic pairs ±E [false: with them every estimate is symmetric in M, so the saddle M = 0 is never left]. */
  readonly samples?: number;
  readonly antithetic?: boolean;
  /** Monte-Carlo sample: fresh every step [`fresh`] or fixed. */
  readonly sampling?: 'fresh' | 'fixed';
  /** λ of λ‖W‖²_F [1e-4]. */
  readonly lambda?: number;
  /** σ₀ of the sampler [1]. */
  readonly sigma0?: number;
  /** M₀ [sampler: `zeros`, the authors' start; direct: `gaussian`]. */
  readonly init?: 'zeros' | 'gaussian';
  /** Violation loss: threshold ε [0.2] and step width w [ε/4]. */
  readonly epsilon?: number;
  readonly width?: number;
  /** PGD thresholds. */
  readonly pgd?: { readonly radius?: number; readonly gThres?: number; readonly tThres?: number; readonly fThres?: number };
  /** Root seed [0]. */
  readonly seed?: number;
  /** Metrics cadence in steps [⌈steps/200⌉]. */
  readonly every?: number;
  /** Return the best iterate seen rather than the last [true]. */
  readonly keepBest?: boolean;
  /** How P acts off the span of the data when the problem was reduced [`gaussian`: like a random JL map; or `zero`]. */
  readonly complement?: 'gaussian' | 'zero';
  /** Run the second-order certificate on the final iterate [false]. */
  readonly certify?: boolean;
  readonly onEvent?: (event: MinimizeEvent) => void;
  readonly signal?: AbortSignal;
}

/** Options with every default filled in (recorded in results). */
export interface ResolvedFitOptions {
  readonly k: number;
  readonly problem: ProblemKind;
  readonly pairs: 'auto' | 'exact' | 'sampled';
  readonly pairBatch: number;
  readonly method: FitMethod;
  readonly rank: number;
  readonly loss: JlLossKind;
  readonly steps: number;
  readonly optimizer: JlOptimizerKind;
  readonly learningRate: number;
  readonly learningRateEnd: number;
  readonly temperature: number;
  readonly temperatureEnd: number;
  readonly stages: number;
  readonly samples: number;
  readonly antithetic: boolean;
  readonly sampling: 'fresh' | 'fixed';
  readonly lambda: number;
  readonly sigma0: number;
  readonly init: 'zeros' | 'gaussian';
  readonly epsilon: number;
  readonly width: number;
  readonly pgd?: { readonly radius?: number; readonly gThres?: number; readonly tThres?: number; readonly fThres?: number };
  readonly seed: number;
  readonly every: number;
  readonly keepBest: boolean;
  readonly complement: 'gaussian' | 'zero';
  readonly certify: boolean;
}

const oneOf = <T extends string>(issues: InputIssue[], where: string, value: T | undefined, allowed: readonly T[], fallback: T): T => {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) issues.push({ where, message: `must be one of ${allowed.join(', ')}`, value });
  return value;
};

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
  const issues: InputIssue[] = [];
  const positive = (where: string, value: number | undefined, fallback: number, integer = false): number => {
    const v = value ?? fallback;
    if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) issues.push({ where, message: `must be a positive ${integer ? 'integer' : 'number'}`, value: v });
    return v;
  };
  const k = options.k;
  if (!Number.isInteger(k) || k < 1) issues.push({ where: 'k', message: 'must be a positive integer', value: k });
  else if (k > d) issues.push({ where: 'k', message: `must not exceed the data dimension d = ${d}; use k ≤ ${d}`, value: k });
  const method = oneOf(issues, 'method', options.method, ['isotropic', 'diagonal', 'full', 'lowrank', 'direct'], 'isotropic');
  const optimizer = oneOf(issues, 'optimizer', options.optimizer, ['adam', 'gd', 'momentum', 'pgd'], 'adam');
  const steps = positive('steps', options.steps, 1000, true);
  const learningRate = positive('learningRate', options.learningRate, defaultLearningRate(optimizer));
  const temperature = positive('temperature', options.temperature, 0.1);
  const epsilon = positive('epsilon', options.epsilon, 0.2);
  const lambda = options.lambda ?? 1e-4;
  if (!Number.isFinite(lambda) || lambda < 0) issues.push({ where: 'lambda', message: 'must be a non-negative number', value: lambda });
  const resolved: ResolvedFitOptions = {
    k,
    problem: oneOf(issues, 'problem', options.problem, ['norms', 'pairwise', 'vectors'], 'pairwise'),
    pairs: oneOf(issues, 'pairs', options.pairs, ['auto', 'exact', 'sampled'], 'auto'),
    pairBatch: positive('pairBatch', options.pairBatch, 4096, true),
    method,
    rank: positive('rank', options.rank, Number.isInteger(k) && k > 0 ? k : 1, true),
    loss: oneOf(issues, 'loss', options.loss, ['smooth-max', 'violation', 'batch-max'], 'smooth-max'),
    steps,
    optimizer,
    learningRate,
    learningRateEnd: positive('learningRateEnd', options.learningRateEnd, learningRate > 0 ? learningRate / 30 : 1),
    temperature,
    temperatureEnd: positive('temperatureEnd', options.temperatureEnd, temperature > 0 ? Math.min(temperature, 0.005) : 0.005),
    stages: positive('stages', options.stages, 20, true),
    samples: positive('samples', options.samples, 4, true),
    antithetic: options.antithetic ?? false,
    sampling: oneOf(issues, 'sampling', options.sampling, ['fresh', 'fixed'], 'fresh'),
    lambda,
    sigma0: positive('sigma0', options.sigma0, 1),
    init: oneOf(issues, 'init', options.init, ['zeros', 'gaussian'], method === 'direct' ? 'gaussian' : 'zeros'),
    epsilon,
    width: positive('width', options.width, epsilon > 0 ? epsilon / 4 : 0.05),
    ...(options.pgd === undefined ? {} : { pgd: options.pgd }),
    seed: options.seed ?? 0,
    every: positive('every', options.every, steps > 0 ? Math.max(1, Math.ceil(steps / 200)) : 1, true),
    keepBest: options.keepBest ?? true,
    complement: oneOf(issues, 'complement', options.complement, ['gaussian', 'zero'], 'gaussian'),
    certify: options.certify ?? false,
  };
  if (!Number.isSafeInteger(resolved.seed) || resolved.seed < 0) issues.push({ where: 'seed', message: 'must be a non-negative integer', value: resolved.seed });
  if (method === 'full' || method === 'lowrank') {
    if (resolved.loss === 'batch-max') issues.push({ where: 'loss', message: `batch-max is a max over the sampled batch, not an expectation; the ${method} sampler takes smooth-max or violation`, value: resolved.loss });
    if (resolved.pairs === 'sampled') issues.push({ where: 'pairs', message: `the ${method} sampler needs exact pairs`, value: resolved.pairs });
    if (!(lambda > 0)) issues.push({ where: 'lambda', message: `must be > 0 for the ${method} sampler (the lemma's λ‖W‖²)`, value: lambda });
  }
  if (resolved.problem === 'vectors' && options.vectors === undefined) issues.push({ where: 'vectors', message: "the 'vectors' problem needs the vectors whose norms to preserve" });
  if (issues.length > 0) throw new InputError('BAD_OPTION', 'Invalid JL options:', issues);
  return resolved;
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
