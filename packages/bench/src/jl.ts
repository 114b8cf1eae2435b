/**
 * Full-size JL experiments (the acceptance figures of the package), timed with the core
 * benchmark runner and written to bench-results/jl.json: the norms reproduction, pairwise
 * sampler vs direct optimisation (equal steps and equal time, three seeds), the saddle M = 0
 * (GD vs PGD), the authors' loss, and MNIST at k = 20, 50, 100 against the baselines.
 *
 *   node dist/bench.js [--out FILE] [--filter TEXT]
 */
import * as tf from '@tensorflow/tfjs-core';
import { foldIn, keyFromSeed, startEngineFromEnvironment } from '@derand/core';
import { benchArgs, runBenchmarks, type BenchCase } from '@derand/core/bench';
import { wasmBackend } from '@derand/backend-wasm';
import { runBaselines, type BaselineResult } from './baselines/baselines.js';
import type { DataMatrix } from './data/matrix.js';
import { loadMnist } from './data/mnist.js';
import { uniformUnitRows } from './data/uniform-rows.js';
import { fitEmbedding, type FitResult } from './fit/fit-embedding.js';
import type { FitOptions } from './fit/fit-options.js';

const { out, filter } = benchArgs(process.argv.slice(2), '../../bench-results/jl.json');
const backend = 'wasm';
const paper = (): DataMatrix => uniformUnitRows(100, 500, foldIn(keyFromSeed(0), 'data'));

/** Peak tensor bytes and resident memory seen during a fit. */
function measured(data: DataMatrix, options: FitOptions): { result: FitResult; peakTensorMB: number; rssMB: number } {
  let peak = tf.memory().numBytes;
  const result = fitEmbedding(data, {
    ...options,
    onEvent: (event) => {
      if (event.type === 'metrics') peak = Math.max(peak, tf.memory().numBytes);
    },
  });
  return { result, peakTensorMB: peak / 2 ** 20, rssMB: process.memoryUsage().rss / 2 ** 20 };
}

function firstStep(result: FitResult, target: number): number | null {
  return result.history.find((h) => h.max <= target)?.step ?? null;
}

function summary(run: { result: FitResult; peakTensorMB: number; rssMB: number }, target?: number): Record<string, unknown> {
  const { result } = run;
  const secondsPerStep = result.seconds.train / Math.max(1, result.steps);
  const first = target === undefined ? null : firstStep(result, target);
  return {
    problem: result.problem.kind,
    method: result.options.method,
    optimizer: result.options.optimizer,
    loss: result.options.loss,
    seed: result.options.seed,
    steps: result.steps,
    normsMax: result.report.norms.max,
    pairsMax: result.report.pairs.max,
    pairsMean: result.report.pairs.mean,
    sigma: result.sigma ?? null,
    sigmaAtBest: result.best.sigma ?? null,
    bestStep: result.best.step,
    trainSeconds: result.seconds.train,
    msPerStep: 1000 * secondsPerStep,
    ...(target === undefined ? {} : { target, firstStepAtTarget: first, secondsToTarget: first === null ? null : first * secondsPerStep }),
    peakTensorMB: run.peakTensorMB,
    rssMB: run.rssMB,
  };
}

/** A benchmark case that loads its data in setup (untimed) and times `compute` on it. */
function dataCase(name: string, data: () => DataMatrix, compute: (x: DataMatrix) => Record<string, unknown>): BenchCase {
  let x: DataMatrix | undefined;
  let extra: Record<string, unknown> = {};
  return {
    name,
    backend,
    warmup: 0,
    samples: 1,
    setup: () => {
      x = data();
    },
    run: () => {
      extra = compute(x!);
    },
    extra: () => extra,
  };
}

function fitCase(name: string, data: () => DataMatrix, options: FitOptions, target?: number): BenchCase {
  return dataCase(name, data, (x) => summary(measured(x, options), target));
}

function baselineFigures(results: readonly BaselineResult[]): Record<string, unknown> {
  return Object.fromEntries(results.map((b) => [b.id, { meanMax: b.max.mean, bestMax: b.max.best, pairsMax: b.report.pairs.max, normsMax: b.report.norms.max, trials: b.trials, seconds: b.seconds }]));
}

function baselineCase(name: string, data: () => DataMatrix, k: number, problem: 'pairwise' | 'norms', trials: number): BenchCase {
  return dataCase(name, data, (x) => baselineFigures(runBaselines(x, { k, problem, trials, key: foldIn(keyFromSeed(0), 'baselines') })));
}

/** Direct optimisation given the sampler's wall time: steps = sampler time / direct time per step (measured in a calibration run). */
function equalTimeCase(seed: number): BenchCase {
  let x: DataMatrix | undefined;
  let extra: Record<string, unknown> = {};
  return {
    name: `pairwise/equal-time/seed=${seed}`,
    backend,
    warmup: 0,
    samples: 1,
    setup: () => {
      x = paper();
    },
    run: () => {
      const sampler = measured(x!, { k: 30, problem: 'pairwise', steps: 1000, seed });
      const calibration = measured(x!, { k: 30, problem: 'pairwise', method: 'direct', steps: 200, seed });
      const perStep = calibration.result.seconds.train / calibration.result.steps;
      const steps = Math.max(1, Math.round(sampler.result.seconds.train / perStep));
      const direct = measured(x!, { k: 30, problem: 'pairwise', method: 'direct', steps, seed });
      extra = { sampler: summary(sampler, 0.2), direct: summary(direct, 0.2), directSteps: steps };
    },
    extra: () => extra,
  };
}

const cases: BenchCase[] = [
  fitCase('norms/sampler (reproduction)', paper, { k: 30, problem: 'norms', steps: 1000 }, 0.02),
  fitCase("norms/authors' loss (batch max, S = 20, Adam 0.01)", paper, { k: 30, problem: 'norms', steps: 5000, loss: 'batch-max', samples: 20, learningRate: 0.01, learningRateEnd: 0.01, stages: 1, keepBest: false }, 0.02),
  baselineCase('norms/baselines (100 draws)', paper, 30, 'norms', 100),
  fitCase('pairwise/sampler', paper, { k: 30, problem: 'pairwise', steps: 1000 }, 0.2),
  fitCase('pairwise/direct (equal steps)', paper, { k: 30, problem: 'pairwise', method: 'direct', steps: 1000 }, 0.2),
  fitCase('pairwise/direct from M = 0 (Adam)', paper, { k: 30, problem: 'pairwise', method: 'direct', init: 'zeros', steps: 1000 }, 0.2),
  fitCase("pairwise/authors' loss (batch max, S = 20, Adam 0.01)", paper, { k: 30, problem: 'pairwise', steps: 1000, loss: 'batch-max', samples: 20, learningRate: 0.01, learningRateEnd: 0.01, stages: 1, keepBest: false }, 0.2),
  fitCase('pairwise/saddle M = 0, gradient descent', paper, { k: 30, problem: 'pairwise', method: 'direct', init: 'zeros', optimizer: 'gd', steps: 1000 }, 0.5),
  fitCase('pairwise/saddle M = 0, perturbed gradient descent', paper, { k: 30, problem: 'pairwise', method: 'direct', init: 'zeros', optimizer: 'pgd', steps: 1000 }, 0.5),
  fitCase('pairwise/violation loss (ε = 0.2)', paper, { k: 30, problem: 'pairwise', loss: 'violation', epsilon: 0.2, steps: 1000, init: 'gaussian' }, 0.2),
  baselineCase('pairwise/baselines (1000 draws)', paper, 30, 'pairwise', 1000),
  ...[0, 1, 2].map(equalTimeCase),
  ...[20, 50, 100].flatMap((k): BenchCase[] => {
    const mnist = (): DataMatrix => loadMnist({ perClass: 100 }).matrix;
    return [fitCase(`mnist/k=${k}/direct`, mnist, { k, problem: 'pairwise', method: 'direct', steps: 1000 }), baselineCase(`mnist/k=${k}/baselines (100 draws)`, mnist, k, 'pairwise', 100)];
  }),
  fitCase('mnist/k=50/sampler', () => loadMnist({ perClass: 100 }).matrix, { k: 50, problem: 'pairwise', steps: 1000 }),
];

await startEngineFromEnvironment('DERAND_BENCH_BACKEND', wasmBackend);
await runBenchmarks('jl', cases, { out, ...(filter === undefined ? {} : { filter }) });
