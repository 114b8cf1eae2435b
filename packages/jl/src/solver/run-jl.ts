import { minDimension } from '../baselines/min-dimension.js';
import { BASELINE_IDS, runBaselines, type BaselineId, type BaselineResult } from '../baselines/baselines.js';
import type { DataMatrix } from '../data/matrix.js';
import type { DistortionReport } from '../distortion/report.js';
import type { EmbeddingJson } from '../embedding/embedding-json.js';
import { fitEmbedding, type FitResult } from '../fit/fit-embedding.js';
import type { FitOptions, ResolvedFitOptions } from '../fit/fit-options.js';
import { foldIn, keyFromSeed } from '@derand/core';
import type { AnyRegistry } from '@derand/registry';

/** A baseline as reported by a run (JSON-serialisable). */
export interface JlBaselineSummary {
  readonly id: BaselineId;
  readonly trials: number;
  /** max|δ| on the problem's items: mean over draws and best draw. */
  readonly meanMax: number;
  readonly bestMax: number;
  /** The best draw's exact report. */
  readonly pairsMax: number;
  readonly pairsMean: number;
  readonly normsMax: number;
  readonly seconds: number;
}

/** The JSON result of a JL run (what `derand jl --json` prints). */
export interface JlRunResult {
  readonly k: number;
  readonly problem: string;
  readonly method: string;
  readonly data: { readonly source: string; readonly n: number; readonly d: number };
  readonly normsMax: number;
  readonly normsMean: number;
  readonly pairsMax: number;
  readonly pairsMean: number;
  /** Pairwise max after the best global rescaling. */
  readonly pairsScaledMax: number;
  readonly pairsExact: boolean;
  /** For `vectors`: max distortion of the given vectors' norms. */
  readonly vectorsMax?: number;
  /** The sampler's spread at the end (|σ| or max|S|); null for direct optimisation. */
  readonly sigma: number | null;
  readonly sigmaAtBest: number | null;
  readonly bestStep: number;
  readonly steps: number;
  readonly reason: string;
  /** Set when the objective became non-finite: that step, and the step of the iterate returned. */
  readonly nonFinite?: { readonly step: number; readonly returnedStep: number };
  readonly baselines: JlBaselineSummary[];
  /** k that the JL bound (scikit-learn's form) asks for to reach the achieved pairwise distortion. */
  readonly jlBoundK: number | null;
  readonly seconds: { readonly train: number; readonly fit: number; readonly baselines: number; readonly total: number };
  readonly report: DistortionReport;
  readonly history: FitResult['history'];
  readonly options: ResolvedFitOptions;
  readonly seed: number;
  /** The fitted matrix P, when asked for (`returnMatrix`). */
  readonly matrix?: EmbeddingJson;
  /** The second-order certificate of the final iterate, when asked for. */
  readonly certificate?: FitResult['certificate'];
}

export interface JlRunOptions extends FitOptions {
  /** Baselines to run (default all; [] for none). */
  readonly baselines?: readonly BaselineId[];
  /** Draws per random baseline (default 100). */
  readonly trials?: number;
  /** Called between phases ('fit', 'baselines'). */
  readonly onPhase?: (phase: 'fit' | 'baselines') => void;
}

/**
 * One complete JL run: fit the embedding, run the baselines on the same problem, and gather
 * the figures into a JSON-serialisable result (distortions, σ, baselines, times, the curve).
 * The engine must be started.
 *
 * @returns the result and the fitted embedding (for saving).
 * @example const { result } = runJl(X, { k: 30, problem: 'pairwise', seed: 0 });
 */
export function runJl(data: DataMatrix, options: JlRunOptions, registry?: AnyRegistry): { result: JlRunResult; fit: FitResult; baselines: BaselineResult[] } {
  const started = performance.now();
  options.onPhase?.('fit');
  const { baselines: _ids, trials: _trials, onPhase: _onPhase, ...fitOptions } = options;
  const fit = fitEmbedding(data, fitOptions, registry);
  const fitSeconds = (performance.now() - started) / 1000;
  options.onPhase?.('baselines');
  const baselineStart = performance.now();
  const ids = options.baselines ?? BASELINE_IDS;
  const baselines =
    ids.length === 0
      ? []
      : runBaselines(data, {
          k: fit.options.k,
          problem: fit.options.problem,
          ...(options.vectors === undefined ? {} : { vectors: options.vectors }),
          trials: options.trials ?? 100,
          ids,
          key: foldIn(keyFromSeed(fit.options.seed), 'baselines'),
        });
  const baselineSeconds = (performance.now() - baselineStart) / 1000;
  const pairsMax = fit.report.pairs.max;
  const result: JlRunResult = {
    k: fit.options.k,
    problem: fit.options.problem,
    method: fit.options.method.id,
    data: { source: data.source, n: data.rows, d: data.cols },
    normsMax: fit.report.norms.max,
    normsMean: fit.report.norms.mean,
    pairsMax,
    pairsMean: fit.report.pairs.mean,
    pairsScaledMax: fit.report.pairs.scaledMax,
    pairsExact: fit.report.pairs.exact,
    ...(fit.vectors === undefined ? {} : { vectorsMax: fit.vectors.max }),
    sigma: fit.sigma ?? null,
    sigmaAtBest: fit.best.sigma ?? null,
    bestStep: fit.best.step,
    steps: fit.steps,
    reason: fit.reason,
    ...(fit.reason === 'non-finite' ? { nonFinite: { step: fit.steps, returnedStep: fit.best.step } } : {}),
    baselines: baselines.map((b) => ({
      id: b.id,
      trials: b.trials,
      meanMax: b.max.mean,
      bestMax: b.max.best,
      pairsMax: b.report.pairs.max,
      pairsMean: b.report.pairs.mean,
      normsMax: b.report.norms.max,
      seconds: b.seconds,
    })),
    jlBoundK: pairsMax > 0 && pairsMax < 1 && data.rows >= 1 ? minDimension(data.rows, pairsMax) : null,
    seconds: { train: fit.seconds.train, fit: fitSeconds, baselines: baselineSeconds, total: (performance.now() - started) / 1000 },
    report: fit.report,
    history: fit.history,
    options: fit.options,
    seed: fit.options.seed,
    ...(fit.certificate === undefined ? {} : { certificate: fit.certificate }),
  };
  return { result, fit, baselines };
}
