import { completeRegistry, createPart, definePlugin, InputError, type InputIssue } from '@derand/registry';
import { sospSummary, type SospSummary } from '../certificate/certify.js';
import { runLemmaCheck } from '../objective/lemma-check.js';
import { lemmaOptionsSchema } from '../objective/lemma-options.js';
import { smoothFunctionPlugins, type SmoothFunction } from '../objective/smooth-function.js';

/** One λ of the lemma check, as reported: the run, the certificate's figures at the stated ρ and the bound. */
export interface LemmaRun extends SospSummary {
  readonly lambda: number;
  readonly steps: number;
  readonly stopReason: string;
  readonly normW0: number;
  readonly normW: number;
  /** The mean b at the returned point (where the sampler Wx + b collapsed to). */
  readonly b: readonly number[];
  readonly L: number;
  readonly learningRate: number;
  readonly bound: number | null;
  readonly boundApplicable: boolean;
  /** Why the bound does not apply, when it does not. */
  readonly boundReason?: string;
  readonly withinBound: boolean | null;
  readonly seconds: number;
  readonly history: readonly { step: number; value: number; gradNorm: number; normW: number }[];
}

/** The result of the lemma solver. */
export interface LemmaResult {
  readonly solver: 'lemma';
  readonly backend: string;
  readonly seed: number;
  readonly options: import('../objective/lemma-options.js').LemmaOptions;
  /** The input dimension k of g used (g's own when it fixes one). */
  readonly k: number;
  readonly allSOSP: boolean;
  readonly allWithinBound: boolean;
  readonly runs: readonly LemmaRun[];
  /** Set when the run was stopped before every λ ran (time limit, abort). */
  readonly stoppedEarly?: boolean;
}

/**
 * The derandomization lemma checked on a smooth g (solver `lemma`; g a `smooth-function` plugin,
 * the random MLP by default or the user's own): for each λ, PGD on E_x[g(Wx + b)] + λ‖W‖²_F,
 * the second-order certificate at the stated ρ (both halves reported), and ‖W‖_F against the
 * bound ρ/(2λ − √(Kρ)). The engine must be started.
 *
 * @example await runSolver(registry, { solver: 'lemma', options: { lambda: [0.1] } }, context);
 */
export const lemmaSolver = definePlugin({
  kind: 'solver',
  id: 'lemma',
  summary: 'Lemma 3.1 on a smooth g (a random MLP or your own): PGD, the second-order certificate at ρ and the bound ρ/(2λ − √(Kρ)) on ‖W‖_F, per λ.',
  options: lemmaOptionsSchema,
  source: '@derand/core',
  run: async (options, context): Promise<LemmaResult> => {
    const issues: InputIssue[] = [];
    const registry = completeRegistry(context.registry, smoothFunctionPlugins);
    const g = createPart<SmoothFunction>(registry, 'smooth-function', options.g, 'g', issues, { registry });
    if (g === undefined || issues.length > 0) throw new InputError('BAD_OPTION', 'Invalid lemma options:', issues);
    const k = g.inputDim ?? options.k;
    const runs: LemmaRun[] = [];
    for (const lambda of options.lambda) {
      if (context.signal?.aborted === true) break;
      const t0 = performance.now();
      const r = runLemmaCheck({
        lambda,
        k,
        d: options.d,
        g,
        trainTheta: options.trainTheta,
        quadraturePoints: options.quadrature,
        steps: options.steps,
        ...(options.learningRate === undefined ? {} : { learningRate: options.learningRate }),
        rho: options.rho,
        ...(options.gThres === undefined ? {} : { gThres: options.gThres }),
        seed: context.seed,
        ...(context.signal === undefined ? {} : { signal: context.signal }),
        onEvent: (e) => {
          if (e.type === 'progress') context.emit({ type: 'progress', step: e.step, total: e.total, label: `λ = ${lambda}` });
        },
      });
      const c = r.certificate;
      runs.push({
        lambda,
        steps: r.steps,
        stopReason: r.reason,
        normW0: r.normW0,
        normW: r.normW,
        b: r.b,
        ...sospSummary(c),
        L: r.L,
        learningRate: r.learningRate,
        bound: c.lemma?.applicable === true ? c.lemma.bound : null,
        boundApplicable: c.lemma?.applicable ?? false,
        ...(c.lemma?.reason === undefined ? {} : { boundReason: c.lemma.reason }),
        withinBound: c.lemma?.applicable === true ? c.lemma.holds : null,
        seconds: (performance.now() - t0) / 1000,
        history: r.history.map((h) => ({ step: h.step, value: h.value, gradNorm: h.gradNorm, normW: h.normW })),
      });
    }
    context.emit({ type: 'done', step: runs.length });
    return {
      solver: 'lemma',
      backend: context.backend,
      seed: context.seed,
      options,
      k,
      allSOSP: runs.length > 0 && runs.every((r) => r.isSOSP),
      allWithinBound: runs.length > 0 && runs.every((r) => r.withinBound === true),
      runs,
      ...(runs.length < options.lambda.length ? { stoppedEarly: true } : {}),
    };
  },
});
