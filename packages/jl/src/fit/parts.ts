import { completeRegistry, createPart, InputError, resolvePart, type AnyPlugin, type AnyRegistry, type InputIssue, type PartRef } from '@derand/registry';
import { optimizerPlugins, scaleStepSize, type GradientTransformation, type StepSizeSpec } from '@derand/core';
import type { DataMatrix } from '../data/matrix.js';
import { validateData } from '../data/validate.js';
import { jlLossPlugins, type JlLoss } from '../objective/losses.js';
import { jlSamplerPlugins, type JlSampler } from '../objective/samplers.js';
import { resolveFitOptions, type FitOptions, type ResolvedFitOptions } from './fit-options.js';
import { JL_RECOMMENDED_OPTIMIZERS } from './recommended.js';

/** The built-in parts a fit may resolve: samplers, losses and the core's optimizers. */
export const JL_PARTS: readonly AnyPlugin[] = [...jlSamplerPlugins, ...jlLossPlugins, ...optimizerPlugins];

/** A fit ready to run: resolved options and its parts. */
export interface PreparedFit {
  readonly options: ResolvedFitOptions;
  readonly sampler: JlSampler;
  readonly loss: JlLoss;
  /** The optimizer for problem coordinates of dimension r (the sampler's step scales depend on it). */
  optimizerFor(r: number): GradientTransformation<unknown>;
  /** The step-size spec given to the optimizer (undefined: the optimizer's own). */
  readonly learningRate?: StepSizeSpec;
}

/**
 * The optimizer's options for a fit: the recommended settings of its id (data), the user's
 * optimizer options over them, the geometric decay η₀ → η₁ as `learningRate`, and the sampler's
 * per-group step scales as `groups` (the shared optimizer contract).
 */
export function fitOptimizerRef(o: ResolvedFitOptions, sampler: JlSampler, k: number, r: number): { ref: PartRef; learningRate?: StepSizeSpec } {
  const recommended = JL_RECOMMENDED_OPTIMIZERS[o.optimizer.id];
  const options: Record<string, unknown> = { ...recommended?.options, ...o.optimizer.options };
  const eta0 = o.learningRate ?? recommended?.learningRate;
  if (eta0 === undefined) return { ref: { id: o.optimizer.id, options } };
  const ratio = recommended === undefined ? 1 / 30 : recommended.learningRateEnd / recommended.learningRate;
  const eta1 = o.learningRateEnd ?? eta0 * ratio;
  const learningRate: StepSizeSpec = { kind: 'geometric', from: eta0, to: eta1 };
  options['learningRate'] = learningRate;
  const scales = sampler.stepScale?.(k, r) ?? {};
  if (Object.keys(scales).length > 0) {
    const groups = { ...((options['groups'] ?? {}) as Record<string, Record<string, unknown>>) };
    for (const [name, factor] of Object.entries(scales)) groups[name] = { ...groups[name], learningRate: scaleStepSize(learningRate, factor) };
    options['groups'] = groups;
  }
  return { ref: { id: o.optimizer.id, options }, learningRate };
}

function issuesOf(fn: () => unknown): InputIssue[] {
  try {
    fn();
    return [];
  } catch (error) {
    if (error instanceof InputError) return [...error.issues];
    throw error;
  }
}

/**
 * Checks the data, the options and the parts of a fit together, before any tensor exists, and
 * reports every problem in one error: NaN/Inf rows, zero rows (norm problems), repeated points
 * (pairwise), every bad option (k outside [1, d] included), unknown or unsuitable parts.
 *
 * @param registry - where the sampler, loss and optimizer are looked up (default: the built-ins).
 * @throws InputError `BAD_INPUT` listing data issues, then option issues.
 * @example const fit = prepareFit(X, { k: 30 });
 */
export function prepareFit(data: DataMatrix, options: FitOptions, registry?: AnyRegistry): PreparedFit {
  const parts = completeRegistry(registry, JL_PARTS);
  const items = options.problem === 'vectors' && options.vectors !== undefined ? options.vectors : data;
  const dataIssues = issuesOf(() => validateData(items, (options.problem ?? 'pairwise') === 'pairwise' ? { distinctRows: true, nonZeroRows: false } : {}));
  let resolved: ResolvedFitOptions | undefined;
  const optionIssues = issuesOf(() => {
    resolved = resolveFitOptions(options, data.cols);
  });
  let prepared: PreparedFit | undefined;
  if (resolved !== undefined) {
    const o = resolved;
    const sampler = createPart<JlSampler>(parts, 'jl-sampler', o.method, 'method', optionIssues, { registry: parts });
    const loss = createPart<JlLoss>(parts, 'jl-loss', o.loss, 'loss', optionIssues, { registry: parts });
    if (sampler !== undefined && loss !== undefined) {
      const need = sampler.requires ?? {};
      if (need.expectation === true && loss.reduce === 'max') optionIssues.push({ where: 'loss', message: `'${loss.id}' is a max over the sampled batch, not an expectation; the ${sampler.id} sampler takes smooth-max or violation`, value: loss.id });
      if (need.exactPairs === true && o.pairs === 'sampled') optionIssues.push({ where: 'pairs', message: `the ${sampler.id} sampler needs exact pairs`, value: o.pairs });
      if (need.positiveLambda === true && !(o.lambda > 0)) optionIssues.push({ where: 'lambda', message: `must be > 0 for the ${sampler.id} sampler (the lemma's λ‖W‖²)`, value: o.lambda });
      const { ref, learningRate } = fitOptimizerRef(o, sampler, o.k, Math.min(data.rows, data.cols));
      const checked = resolvePart(parts, 'optimizer', ref, 'optimizer', optionIssues);
      if (checked !== undefined && optionIssues.length === 0) {
        const init = o.init ?? (sampler.random ? 'zeros' : 'gaussian');
        const optimizerFor = (r: number): GradientTransformation<unknown> => {
          const issues: InputIssue[] = [];
          const optimizer = createPart<GradientTransformation<unknown>>(parts, 'optimizer', fitOptimizerRef(o, sampler, o.k, r).ref, 'optimizer', issues, { totalSteps: o.steps, registry: parts });
          if (optimizer === undefined) throw new InputError('BAD_OPTION', 'Invalid JL optimizer:', issues);
          return optimizer;
        };
        prepared = { options: { ...o, init }, sampler, loss, optimizerFor, ...(learningRate === undefined ? {} : { learningRate }) };
      }
    }
  }
  if (dataIssues.length + optionIssues.length > 0 || prepared === undefined) {
    throw new InputError('BAD_INPUT', `Cannot fit a JL embedding of ${data.source} (${data.rows} × ${data.cols}):`, [...dataIssues, ...optionIssues]);
  }
  return prepared;
}
