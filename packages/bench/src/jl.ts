/**
 * Full-size JL experiments (the acceptance figures of the package), timed with the benchmark
 * runner and written to <repo>/bench-results/jl.json: the norms reproduction, pairwise
 * sampler vs direct optimisation (equal steps and equal time, three seeds), the saddle M = 0
 * (GD vs PGD), the authors' loss, and MNIST at k = 20, 50, 100 against the baselines; and the
 * sampler's pairwise training step alone (exact pairs, S = 4, Adam) on the paper's size and on
 * 500 points of R^64, each with the same step in PyTorch (packages/bench/python/jl_pairwise_step.py,
 * one thread) and with the tape of `value` (the previous implementation, before the fused
 * first-order pass) run in this run as its same-run references; the mixture of 10 Gaussians in
 * R^64 (500 points, k = 20) fitted by the sampler and directly. Every
 * fit is the `jl` solver run from its JSON options through the registry (`runSolver`, the path
 * of `derand run` and `reproduce`); the baseline cases time `runBaselines` alone.
 *
 *   node packages/bench/dist/jl.js [--out FILE] [--filter TEXT]
 */
import * as tf from '@tensorflow/tfjs-core';
import { adam, disposeParams, disposeState, foldIn, keyFromSeed, minimize, randomNormal, startEngineFromEnvironment, type Objective } from '@derand/core';
import { wasmBackend } from '@derand/backend-wasm';
import { createProblem, createProblemTensors, runBaselines, samplerObjective, uniformUnitRows, type BaselineResult, type DataMatrix, type JlProblem, type JlRunResult, type ProblemTensors } from '@derand/jl';
import { loadMnist } from '@derand/jl/node';
import { benchArgs, onceCase, pythonReferenceCase, resultsFile, runBenchmarks, type BenchCase } from './harness/index.js';
import { solve } from './solver.js';

const { out, filter } = benchArgs(process.argv.slice(2), resultsFile('jl.json'));
const { backend } = await startEngineFromEnvironment('DERAND_BENCH_BACKEND', wasmBackend);
/** The paper's 100 unit rows of R^500: what the `jl` solver's data 'uniform' draws at seed 0. */
const paper = (): DataMatrix => uniformUnitRows(100, 500, foldIn(keyFromSeed(0), 'data'));
const mnist = (): DataMatrix => loadMnist({ perClass: 100 }).matrix;

/** Options of a `jl` solver run (plain JSON, as `derand run jl` and `reproduce` take them). */
type JlOptions = Record<string, unknown>;

/**
 * One `jl` solver run through the registry (without baselines unless the options name some),
 * with the peak tensor bytes seen at its metrics events and the resident memory after it.
 */
async function measured(options: JlOptions, seed = 0): Promise<{ result: JlRunResult; peakTensorMB: number; rssMB: number }> {
  let peak = tf.memory().numBytes;
  const result = (await solve(
    { solver: 'jl', options: { baselines: [], ...options } },
    {
      seed,
      emit: (event) => {
        if (event.type === 'metrics') peak = Math.max(peak, tf.memory().numBytes);
      },
    },
  )) as JlRunResult;
  return { result, peakTensorMB: peak / 2 ** 20, rssMB: process.memoryUsage().rss / 2 ** 20 };
}

function firstStep(result: JlRunResult, target: number): number | null {
  return result.history.find((h) => h.max <= target)?.step ?? null;
}

function summary(run: { result: JlRunResult; peakTensorMB: number; rssMB: number }, target?: number): Record<string, unknown> {
  const { result } = run;
  const secondsPerStep = result.seconds.train / Math.max(1, result.steps);
  const first = target === undefined ? null : firstStep(result, target);
  return {
    problem: result.problem,
    data: result.data,
    method: result.options.method,
    optimizer: result.options.optimizer,
    loss: result.options.loss,
    seed: result.seed,
    steps: result.steps,
    normsMax: result.normsMax,
    pairsMax: result.pairsMax,
    pairsMean: result.pairsMean,
    sigma: result.sigma,
    sigmaAtBest: result.sigmaAtBest,
    bestStep: result.bestStep,
    trainSeconds: result.seconds.train,
    fitSeconds: result.seconds.fit,
    msPerStep: 1000 * secondsPerStep,
    ...(target === undefined ? {} : { target, firstStepAtTarget: first, secondsToTarget: first === null ? null : first * secondsPerStep }),
    peakTensorMB: run.peakTensorMB,
    rssMB: run.rssMB,
  };
}

/** A benchmark case that loads its data in setup (untimed) and times `compute` on it. */
function dataCase(name: string, data: () => DataMatrix, compute: (x: DataMatrix) => Record<string, unknown>): BenchCase {
  let x: DataMatrix | undefined;
  return onceCase(name, backend, () => compute(x!), () => {
    x = data();
  });
}

/**
 * A whole `jl` solver run from its JSON options (the data named in them: 'uniform' or
 * 'mnist:<per class>', loaded by the solver inside the timed run; `trainSeconds` and
 * `msPerStep` are the optimisation loop alone).
 */
function fitCase(name: string, options: JlOptions, target?: number): BenchCase {
  return onceCase(name, backend, async () => summary(await measured(options), target));
}

function baselineFigures(results: readonly BaselineResult[]): Record<string, unknown> {
  return Object.fromEntries(results.map((b) => [b.id, { meanMax: b.max.mean, bestMax: b.max.best, pairsMax: b.report.pairs.max, normsMax: b.report.norms.max, trials: b.trials, seconds: b.seconds }]));
}

function baselineCase(name: string, data: () => DataMatrix, k: number, problem: 'pairwise' | 'norms', trials: number): BenchCase {
  return dataCase(name, data, (x) => baselineFigures(runBaselines(x, { k, problem, trials, key: foldIn(keyFromSeed(0), 'baselines') })));
}

/** Direct optimisation given the sampler's wall time: steps = sampler time / direct time per step (measured in a calibration run). */
function equalTimeCase(seed: number): BenchCase {
  return onceCase(`pairwise/equal-time/seed=${seed}`, backend, async () => {
    // data 'uniform' is drawn from the run's seed: each seed is its own set of 100 points
    const sampler = await measured({ data: 'uniform', k: 30, problem: 'pairwise', steps: 1000 }, seed);
    const calibration = await measured({ data: 'uniform', k: 30, problem: 'pairwise', method: 'direct', steps: 200 }, seed);
    const perStep = calibration.result.seconds.train / calibration.result.steps;
    const steps = Math.max(1, Math.round(sampler.result.seconds.train / perStep));
    const direct = await measured({ data: 'uniform', k: 30, problem: 'pairwise', method: 'direct', steps }, seed);
    return { sampler: summary(sampler, 0.2), direct: summary(direct, 0.2), directSteps: steps };
  });
}

/** Gaussian points (n × r): the step's timing depends on the sizes only. */
const gaussianRows = (n: number, r: number): DataMatrix => {
  const values = tf.tidy(() => randomNormal(foldIn(keyFromSeed(0), `rows-${n}x${r}`), [n, r]).dataSync() as Float32Array);
  return { rows: n, cols: r, values: Float64Array.from(values), source: `gaussian(n=${n}, d=${r}, seed=0)` };
};

/**
 * `steps` training steps of the isotropic sampler on exact pairs (S = 4, smooth max at τ = 0.05,
 * Adam 0.01 on M and σ) through the core's `minimize`, on n points of R^d (d − 1 = r centred
 * coordinates for the paper's data), against the PyTorch loop of the same sizes.
 */
function pairwiseStepCases(label: string, data: () => DataMatrix, k: number, steps: number, samples: number): BenchCase[] {
  let problem: JlProblem | undefined;
  const problemOf = (): JlProblem => (problem ??= createProblem(data(), { kind: 'pairwise', pairs: 'exact' }));
  const reference = `pairwise step pytorch ${label} (${steps} steps)`;
  const tape = `pairwise step ${label} (${steps} steps, tape: the previous implementation)`;
  return [
    pythonReferenceCase(reference, 'jl_pairwise_step.py', steps, samples, () => ['--n', String(problemOf().n), '--r', String(problemOf().r), '--k', String(k), '--s', '4']),
    pairwiseStepCase(tape, problemOf, k, steps, samples, false, []),
    pairwiseStepCase(`pairwise step ${label} (${steps} steps)`, problemOf, k, steps, samples, true, [reference, tape]),
  ];
}

/** The step case: with the objective's fused first-order pass, or without it (the tape of `value`, as before the pass existed). */
function pairwiseStepCase(name: string, problemOf: () => JlProblem, k: number, steps: number, samples: number, fused: boolean, references: string[]): BenchCase {
  let tensors: ProblemTensors | undefined;
  let objective: Objective | undefined;
  let mean0: tf.Tensor2D | undefined;
  return {
    name,
    backend,
    references,
    warmup: 1,
    samples,
    setup: () => {
      const { r } = problemOf();
      tensors = createProblemTensors(problemOf(), k);
      const m = tf.tidy(() => tf.mul<tf.Tensor2D>(randomNormal<tf.Rank.R2>(keyFromSeed(1), [k, r]), 0.1));
      mean0 = m;
      const built = samplerObjective(tensors, { loss: 'smooth-max', factor: 'isotropic', temperature: 0.05, samples: 4, lambda: 1e-4, mean0: m });
      if (fused && built.valueAndGrad === undefined) throw new Error('the smooth-max objective has no fused first-order pass');
      objective = fused ? built : { init: built.init, value: (p, key) => built.value(p, key), ...(built.lemma === undefined ? {} : { lemma: built.lemma }), dispose: () => built.dispose?.() };
    },
    run: () => {
      const run = minimize(objective!, adam({ learningRate: 0.01 }), { steps, key: keyFromSeed(2), every: steps });
      disposeParams(run.params);
      disposeState(run.state);
    },
    extra: () => ({ n: problemOf().n, r: problemOf().r, k, samplesPerStep: 4, firstOrderPass: fused ? 'fused' : 'tape' }),
    teardown: () => {
      objective?.dispose?.();
      tensors?.dispose();
      mean0?.dispose();
    },
  };
}

const authorsLoss = { loss: 'batch-max', samples: 20, learningRate: 0.01, learningRateEnd: 0.01, stages: 1, keepBest: false };
const cases: BenchCase[] = [
  ...pairwiseStepCases('uniform 100×500 k=30', paper, 30, 50, 7),
  ...pairwiseStepCases('gaussian 500×64 k=20', () => gaussianRows(500, 64), 20, 10, 5),
  fitCase('norms/sampler (reproduction)', { data: 'uniform', k: 30, problem: 'norms', steps: 1000 }, 0.02),
  fitCase("norms/authors' loss (batch max, S = 20, Adam 0.01)", { data: 'uniform', k: 30, problem: 'norms', steps: 5000, ...authorsLoss }, 0.02),
  baselineCase('norms/baselines (100 draws)', paper, 30, 'norms', 100),
  fitCase('pairwise/sampler', { data: 'uniform', k: 30, problem: 'pairwise', steps: 1000 }, 0.2),
  fitCase('pairwise/direct (equal steps)', { data: 'uniform', k: 30, problem: 'pairwise', method: 'direct', steps: 1000 }, 0.2),
  fitCase('pairwise/direct from M = 0 (Adam)', { data: 'uniform', k: 30, problem: 'pairwise', method: 'direct', init: 'zeros', steps: 1000 }, 0.2),
  fitCase("pairwise/authors' loss (batch max, S = 20, Adam 0.01)", { data: 'uniform', k: 30, problem: 'pairwise', steps: 1000, ...authorsLoss }, 0.2),
  fitCase('pairwise/saddle M = 0, gradient descent', { data: 'uniform', k: 30, problem: 'pairwise', method: 'direct', init: 'zeros', optimizer: 'gd', steps: 1000 }, 0.5),
  fitCase('pairwise/saddle M = 0, perturbed gradient descent', { data: 'uniform', k: 30, problem: 'pairwise', method: 'direct', init: 'zeros', optimizer: 'pgd', steps: 1000 }, 0.5),
  // the clustered workload: 500 points of R^64 from 10 Gaussians (centres 3·N(0, I), unit noise), k = 20
  fitCase('pairwise/mixture 500×64 k=20/sampler', { data: 'mixture:500x64x10', k: 20, problem: 'pairwise', steps: 1000 }),
  fitCase('pairwise/mixture 500×64 k=20/direct', { data: 'mixture:500x64x10', k: 20, problem: 'pairwise', method: 'direct', steps: 1000 }),
  fitCase('pairwise/violation loss (ε = 0.2)', { data: 'uniform', k: 30, problem: 'pairwise', loss: { id: 'violation', options: { epsilon: 0.2 } }, steps: 1000, init: 'gaussian' }, 0.2),
  baselineCase('pairwise/baselines (1000 draws)', paper, 30, 'pairwise', 1000),
  ...[0, 1, 2].map(equalTimeCase),
  ...[20, 50, 100].flatMap((k): BenchCase[] => [
    fitCase(`mnist/k=${k}/direct`, { data: 'mnist:100', k, problem: 'pairwise', method: 'direct', steps: 1000 }),
    baselineCase(`mnist/k=${k}/baselines (100 draws)`, mnist, k, 'pairwise', 100),
  ]),
  fitCase('mnist/k=50/sampler', { data: 'mnist:100', k: 50, problem: 'pairwise', steps: 1000 }),
];

await runBenchmarks('jl', cases, { out, ...(filter === undefined ? {} : { filter }) });
