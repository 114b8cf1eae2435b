import { definePlugin } from '@derand/registry';
import { runLemmaCheck } from '../objective/lemma-check.js';
import { lemmaOptionsSchema } from './lemma-options.js';

/** One λ of the lemma check, as reported. */
export interface LemmaRun {
  readonly lambda: number;
  readonly steps: number;
  readonly stopReason: string;
  readonly normW0: number;
  readonly normW: number;
  readonly gradNorm: number;
  readonly lambdaMin: number;
  readonly K: number;
  readonly L: number;
  readonly learningRate: number;
  readonly rho: number;
  readonly isSOSP: boolean;
  readonly bound: number | null;
  readonly boundApplicable: boolean;
  readonly withinBound: boolean | null;
  readonly seconds: number;
  readonly history: readonly { step: number; value: number; gradNorm: number; normW: number }[];
}

/** The result of the lemma solver. */
export interface LemmaResult {
  readonly solver: 'lemma';
  readonly backend: string;
  readonly seed: number;
  readonly options: import('./lemma-options.js').LemmaOptions;
  readonly allSOSP: boolean;
  readonly allWithinBound: boolean;
  readonly runs: readonly LemmaRun[];
  /** Set when the run was stopped before every λ ran (time limit, abort). */
  readonly stoppedEarly?: boolean;
}

/**
 * The derandomization lemma checked on a random smooth g (solver `lemma`): for each λ, PGD on
 * E_x[g(Wx + b)] + λ‖W‖²_F, the second-order certificate, and ‖W‖_F against ρ/(2λ − √(Kρ)).
 * The engine must be started.
 *
 * @example await runSolver(registry, { solver: 'lemma', options: { lambda: [0.1] } }, context);
 */
export const lemmaSolver = definePlugin({
  kind: 'solver',
  id: 'lemma',
  summary: 'Lemma 3.1 on a random smooth g: PGD, the second-order certificate and the bound ρ/(2λ − √(Kρ)) on ‖W‖_F, per λ.',
  options: lemmaOptionsSchema,
  source: '@derand/core',
  run: async (options, context): Promise<LemmaResult> => {
    const runs: LemmaRun[] = [];
    for (const lambda of options.lambda) {
      if (context.signal?.aborted === true) break;
      const t0 = performance.now();
      const r = runLemmaCheck({
        lambda,
        k: options.k,
        d: options.d,
        g: { hidden: options.hidden, activations: options.activations },
        quadraturePoints: options.quadrature,
        steps: options.steps,
        ...(options.learningRate === undefined ? {} : { learningRate: options.learningRate }),
        gThres: options.gThres,
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
        gradNorm: c.gradNorm,
        lambdaMin: c.lambdaMin,
        K: c.K,
        L: r.L,
        learningRate: r.learningRate,
        rho: c.rho,
        isSOSP: c.isSOSP,
        bound: c.lemma?.bound ?? null,
        boundApplicable: c.lemma?.applicable ?? false,
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
      allSOSP: runs.length > 0 && runs.every((r) => r.isSOSP),
      allWithinBound: runs.length > 0 && runs.every((r) => r.withinBound === true),
      runs,
      ...(runs.length < options.lambda.length ? { stoppedEarly: true } : {}),
    };
  },
});
