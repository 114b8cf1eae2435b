import {
  certifySecondOrder,
  disposeParams,
  disposeState,
  foldIn,
  keyFromSeed,
  minimize,
  sampleNormal,
  type MinimizeEvent,
  type Objective,
  type Params,
  type SecondOrderCertificate,
  stepSizeAt,
  toStepSize,
} from '@derand/core';
import type { AnyRegistry } from '@derand/registry';
import type { DataMatrix } from '../data/matrix.js';
import { evaluateMatrix } from '../distortion/evaluate.js';
import { createProblemTensors } from '../distortion/problem-tensors.js';
import { distortionReport, type DistortionReport, type DistortionStats } from '../distortion/report.js';
import { createEmbedding, type Embedding } from '../embedding/embedding.js';
import { createProblem, type JlProblem } from '../problem/problem.js';
import type { FitOptions, ResolvedFitOptions } from './fit-options.js';
import { prepareFit } from './parts.js';
import type { StageObjectives } from './stage-objectives.js';
import { annealingStages } from './schedules.js';

/** One row of the training curve (recorded every `every` steps). */
export interface FitRecord {
  readonly step: number;
  /** The objective on this step's sample. */
  readonly value: number;
  readonly gradNorm: number;
  /** max|δ| and mean|δ| of the deterministic matrix M (float32, device). */
  readonly max: number;
  readonly mean: number;
  /** |σ| (isotropic) or max|S| (diagonal); absent for direct optimisation. */
  readonly sigma?: number;
  readonly temperature: number;
  readonly learningRate?: number;
  readonly [extra: string]: number | undefined;
}

/** What {@link fitEmbedding} returns. */
export interface FitResult {
  readonly embedding: Embedding;
  /** Exact float64 report of the returned matrix on the data (norms and pairs). */
  readonly report: DistortionReport;
  /** For the `vectors` problem: the norms of the given vectors. */
  readonly vectors?: DistortionStats;
  readonly history: FitRecord[];
  /** The returned iterate (the best one seen when `keepBest`). */
  readonly best: { readonly step: number; readonly max: number; readonly sigma?: number };
  /** The sampler's spread at the end of the run (|σ| or max|S|); undefined for direct optimisation. */
  readonly sigma?: number;
  readonly steps: number;
  readonly reason: string;
  /** Wall-clock seconds of the optimisation loop, and of the whole fit. */
  readonly seconds: { readonly train: number; readonly total: number };
  readonly problem: { readonly kind: string; readonly n: number; readonly d: number; readonly r: number; readonly items: number; readonly pairs?: JlProblem['pairs'] };
  readonly options: ResolvedFitOptions;
  readonly certificate?: Omit<SecondOrderCertificate, 'eigenvector'>;
}

/** P = (M·Q + G(I − QᵀQ))/√k: back from problem coordinates to R^d (G Gaussian or zero on the complement of the span). */
function embeddingMatrix(problem: JlProblem, m: Float32Array, k: number, options: ResolvedFitOptions): Float64Array {
  const { d, r } = problem;
  const out = new Float64Array(k * d);
  const scale = 1 / Math.sqrt(k);
  if (problem.basis === undefined) {
    for (let i = 0; i < k * d; i++) out[i] = m[i]! * scale;
    return out;
  }
  const q = problem.basis;
  const g = options.complement === 'gaussian' ? sampleNormal(foldIn(keyFromSeed(options.seed), 'complement'), k * d) : undefined;
  for (let a = 0; a < k; a++) {
    const row = out.subarray(a * d, (a + 1) * d);
    for (let b = 0; b < r; b++) {
      const coefficient = m[a * r + b]!;
      for (let j = 0; j < d; j++) row[j] = row[j]! + coefficient * q[b * d + j]!;
    }
    if (g !== undefined) {
      const ga = g.subarray(a * d, (a + 1) * d);
      for (let b = 0; b < r; b++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += ga[j]! * q[b * d + j]!;
        for (let j = 0; j < d; j++) ga[j] = ga[j]! - dot * q[b * d + j]!;
      }
      for (let j = 0; j < d; j++) row[j] = row[j]! + ga[j]!;
    }
    for (let j = 0; j < d; j++) row[j] = row[j]! * scale;
  }
  return out;
}

/**
 * Fits a JL embedding of the data by derandomized optimisation (scikit-learn's `fit`): the
 * sampler A = M + σE (or a diagonal one, a general factor vec(A) = vec(M) + Wz, or A itself
 * with `method: 'direct'`) is optimised
 * with a core optimizer on the chosen loss of the distortions, the temperature of the smooth
 * max annealed geometrically τ₀ → τ₁ over `stages` stages and the step size decayed η₀ → η₁;
 * the deterministic matrix M is returned (the best iterate seen, by default). The engine must
 * be started (`startEngine`). Every input problem is reported at once before any work.
 *
 *   minimise  E_E[ g(M + σE) ] + λ·k·r·σ²,   g = smax_τ(δ) = τ log Σ_items 2cosh(δ/τ),
 *   δ_v(A) = ‖A v‖²/(k‖v‖²) − 1 over the items v (norms, pair differences, given vectors);
 *   the embedding is P = M/√k (mapped back from the span of the data).
 *
 * @param data - the points (n × d).
 * @param options - see {@link FitOptions}; `k` is required.
 * @returns the embedding (with `transform`), its exact distortion report, the training curve and σ.
 * @throws InputError `BAD_INPUT` listing every problem of the data and the options.
 * @example
 * await startEngine({ backend: wasmBackend });
 * const { embedding, report } = fitEmbedding(X, { k: 30, problem: 'pairwise' });
 * const Y = embedding.transform(X);
 * @see Tsikouras, Caramanis, Tzamos, NeurIPS 2024 (arXiv 2412.07242); Tsikouras, Pantis, Mitliagkas, Tzamos, ICLR 2026 (arXiv 2510.19382), §5.
 */
export function fitEmbedding(data: DataMatrix, options: FitOptions, registry?: AnyRegistry): FitResult {
  const started = performance.now();
  const fit = prepareFit(data, options, registry);
  const resolved = fit.options;
  const { k } = resolved;
  const sampler = fit.sampler;
  const problem = createProblem(data, {
    kind: resolved.problem,
    k,
    ...(options.vectors === undefined ? {} : { vectors: options.vectors }),
    pairs: resolved.pairs,
    pairBatch: resolved.pairBatch,
  });
  const root = keyFromSeed(resolved.seed);
  const tensors = createProblemTensors(problem, k, foldIn(root, 'evaluation'));
  let objectives: StageObjectives;
  try {
    objectives = sampler.objectives(tensors, {
      loss: fit.loss,
      temperature: resolved.temperature,
      samples: resolved.samples,
      antithetic: resolved.antithetic,
      lambda: resolved.lambda,
      sigma0: resolved.sigma0,
      init: resolved.init ?? 'zeros',
      key: foldIn(root, 'init'),
    });
  } catch (error) {
    tensors.dispose();
    throw error;
  }
  const optimizer = fit.optimizerFor(problem.r);
  const schedule = fit.learningRate === undefined ? undefined : toStepSize(fit.learningRate, resolved.steps);
  const stages = annealingStages(resolved.steps, resolved.stages, resolved.temperature, resolved.temperatureEnd);
  let best: { step: number; max: number; sigma?: number; m: Float32Array } = { step: -1, max: Infinity, m: new Float32Array() };
  const meanOnHost = (params: Params): Float32Array => {
    const m = objectives.meanOf(params);
    const values = Float32Array.from(m.dataSync());
    m.dispose();
    return values;
  };
  const evaluate = (params: Params): { max: number; mean: number } => {
    const m = objectives.meanOf(params);
    const value = evaluateMatrix(tensors, m);
    m.dispose();
    return value;
  };
  const consider = (params: Params, step: number, max: number, sigma: number | undefined): void => {
    if (max < best.max) best = { step, max, ...(sigma === undefined ? {} : { sigma }), m: meanOnHost(params) };
  };
  const history: FitRecord[] = [];
  let params: Params | undefined;
  let state: unknown;
  let reason = 'steps';
  let steps = 0;
  let objective: Objective | undefined;
  const trainStart = performance.now();
  try {
    for (const [s, stage] of stages.entries()) {
      objective = objectives.at(stage.temperature);
      const result = minimize(objective, optimizer, {
        steps: stage.to,
        key: foldIn(root, 'train'),
        sampling: resolved.sampling,
        every: resolved.every,
        // the fit evaluates its own iterates (below); a stage's closing objective pass would be unused work
        finalEvaluation: false,
        metrics: (p, step) => {
          const { max, mean } = evaluate(p);
          const sigma = objectives.spreadOf(p);
          consider(p, step, max, sigma);
          return { max, mean, ...(sigma === undefined ? {} : { sigma }), temperature: stage.temperature, ...(schedule === undefined ? {} : { learningRate: stepSizeAt(schedule, step) }) };
        },
        onEvent: (event: MinimizeEvent) => {
          if (event.type === 'metrics') history.push(event.values as unknown as FitRecord);
          if (event.type !== 'done') options.onEvent?.(event.type === 'progress' ? { ...event, total: resolved.steps } : event);
        },
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(s === 0 || params === undefined ? {} : { start: { params, state, step: stage.from } }),
      });
      params = result.params;
      state = result.state;
      steps = result.steps;
      reason = result.reason;
      if (reason !== 'steps') break;
    }
    const trainSeconds = (performance.now() - trainStart) / 1000;
    const final = evaluate(params!);
    const sigma = objectives.spreadOf(params!);
    consider(params!, steps, final.max, sigma);
    const chosen = resolved.keepBest ? best.m : meanOnHost(params!);
    let certificate: FitResult['certificate'];
    if (resolved.certify) {
      const { eigenvector: _eigenvector, ...rest } = certifySecondOrder(objective!, params!, { key: foldIn(root, 'certificate'), rho: resolved.certifyRho });
      certificate = rest;
    }
    const embedding = createEmbedding(embeddingMatrix(problem, chosen, k, resolved), k, problem.d, sampler.random ? `sampler-${sampler.id}` : sampler.id, {
      seed: resolved.seed,
      problem: resolved.problem,
      loss: fit.loss.label,
      steps,
      bestStep: resolved.keepBest ? best.step : steps,
    });
    const report = distortionReport(embedding, data);
    return {
      embedding,
      report,
      ...(options.vectors === undefined ? {} : { vectors: distortionReport(embedding, options.vectors).norms }),
      history,
      best: resolved.keepBest ? { step: best.step, max: best.max, ...(best.sigma === undefined ? {} : { sigma: best.sigma }) } : { step: steps, max: final.max, ...(sigma === undefined ? {} : { sigma }) },
      ...(sigma === undefined ? {} : { sigma }),
      steps,
      reason,
      seconds: { train: trainSeconds, total: (performance.now() - started) / 1000 },
      problem: { kind: problem.kind, n: problem.n, d: problem.d, r: problem.r, items: problem.items, ...(problem.pairs === undefined ? {} : { pairs: problem.pairs }) },
      options: resolved,
      ...(certificate === undefined ? {} : { certificate }),
    };
  } finally {
    if (params !== undefined) disposeParams(params);
    disposeState(state);
    objectives.dispose();
    tensors.dispose();
  }
}
