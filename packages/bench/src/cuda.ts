import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { keyFromSeed, randomNormal, splitKey, startEngine, type RandomKey } from '@derand/core';
import { dataDir, writeFileAtomic } from '@derand/core/node';
import type { BackendPlugin } from '@derand/registry';
import { activeCudaBackend, cudaBackend } from '@derand/backend-cuda';
import { cudaEmulatorBackend } from '@derand/backend-cuda/emulator';
import { randomGraph } from '@derand/maxcut';
import { readGraphFile } from '@derand/maxcut/node';
import { fig3Workload, jlWorkload, largeMlpWorkload, type Workload } from './cuda-workloads.js';
import { roundingStepWorkload, type RoundingStepWorkload } from './rounding-workload.js';
import { benchArgs, resultsFile, runBenchmarks, type BenchCase } from './harness/index.js';

/**
 * CUDA backend benchmarks: matmul throughput (fp32, TF32), kernel launch latency, the paper's
 * Figure-3 structure-discovery step (reference: PyTorch on the H200, 1.42 ms/step), a large
 * MLP step in achieved TFLOP/s, a JL-MNIST-shaped training step, and the MAXCUT derandomized
 * rounding's own training step (the exact probit objective in the implementation the rounding
 * chooses for the backend, Adam, the core loop) on G22 and on a generated 20 000-vertex graph. Skips with
 * the reason (and writes it) when the backend is unavailable.
 * Run: `pnpm bench`, or `node packages/bench/dist/cuda.js [--backend cuda|cpu|cuda-emulator] [--quick] [--filter T] [--out F]`.
 */

/**
 * Measured elsewhere (PyTorch on the H200, shared/spec/anchors.md): recorded beside our figures
 * for the reader, never divided into a same-run ratio.
 */
const FIG3_EXTERNAL_REFERENCE = { msPerStep: 1.42, measured: 'PyTorch on the H200 (shared/spec/anchors.md)' } as const;
const { out, filter } = benchArgs(process.argv.slice(2), resultsFile('backend-cuda.json'));
const backendFlag = process.argv.indexOf('--backend');
const backendId = backendFlag >= 0 ? (process.argv[backendFlag + 1] ?? 'cuda') : 'cuda';
const quick = process.argv.includes('--quick');

async function backendFor(id: string, tf32 = false): Promise<void> {
  const plugin: BackendPlugin | 'cpu' = id === 'cuda' ? cudaBackend : id === 'cuda-emulator' ? cudaEmulatorBackend : 'cpu';
  await startEngine({ backend: plugin, ...(plugin === 'cpu' ? {} : { backendOptions: { tf32 } }) });
}

function matmulCase(n: number, tf32: boolean): BenchCase {
  let a: tf.Tensor2D | undefined;
  let b: tf.Tensor2D | undefined;
  return {
    name: `matmul-${n}${tf32 ? '-tf32' : ''}`,
    backend: backendId,
    samples: 10,
    setup: async () => {
      await backendFor(backendId, tf32);
      const [ka, kb] = splitKey(keyFromSeed(n), 2) as [RandomKey, RandomKey];
      a = randomNormal(ka, [n, n]);
      b = randomNormal(kb, [n, n]);
    },
    run: () => tf.tidy(() => void tf.matMul(a!, b!).dataSync()),
    extra: () => ({ n, flops: 2 * n ** 3 }),
    teardown: () => tf.dispose([a!, b!]),
  };
}

function launchLatencyCase(): BenchCase {
  let x: tf.Tensor | undefined;
  return {
    name: 'kernel-latency-1000-adds',
    backend: backendId,
    samples: 5,
    setup: async () => {
      await backendFor(backendId);
      x = tf.zeros([16]);
    },
    run: () =>
      tf.tidy(() => {
        let y = x!;
        for (let i = 0; i < 1000; i++) y = tf.add(y, 1);
        y.dataSync();
      }),
    extra: () => ({ ops: 1000 }),
    teardown: () => tf.dispose(x!),
  };
}

/** Times `steps` calls of a workload's step as one sample (a final read syncs the device). */
function workloadCase(name: string, make: () => Workload, steps: number, options: { tf32?: boolean; samples?: number; extra?: Record<string, unknown> } = {}): BenchCase {
  let workload: (Workload & Partial<Pick<RoundingStepWorkload, 'implementation' | 'rank' | 'stepsPerCall'>>) | undefined;
  return {
    name,
    backend: backendId,
    samples: options.samples ?? 3,
    setup: async () => {
      await backendFor(backendId, options.tf32 ?? false);
      workload = make();
    },
    run: () => {
      for (let i = 0; i < steps; i++) workload!.step();
      tf.tidy(() => void tf.zeros([1]).dataSync());
    },
    extra: () => {
      const w = workload!;
      const perCall = w.stepsPerCall ?? 1;
      return {
        steps: steps * perCall,
        ...(w.flops === undefined ? {} : { flopsPerStep: w.flops }),
        ...(w.implementation === undefined ? {} : { implementation: w.implementation, rank: w.rank }),
        ...options.extra,
      };
    },
    teardown: () => workload!.dispose(),
  };
}

const skipReason = backendId === 'cuda' ? (await cudaBackend.isAvailable()).reason : backendId === 'cuda-emulator' ? (await cudaEmulatorBackend.isAvailable()).reason : undefined;
if (skipReason !== undefined) {
  console.error(`backend-cuda benchmarks skipped: ${backendId} is unavailable here: ${skipReason}`);
  writeFileAtomic(out, `${JSON.stringify({ suite: 'backend-cuda', startedAt: new Date().toISOString(), skipped: skipReason, results: [] }, null, 2)}\n`);
  process.exit(0);
}

const g22 = join(dataDir() ?? '', 'gset', 'G22.txt');
const steps = quick ? 5 : 50;
const cases: BenchCase[] = [
  launchLatencyCase(),
  ...[1024, 4096].flatMap((n) => [matmulCase(n, false), matmulCase(n, true)]),
  workloadCase('fig3-step-100', () => fig3Workload(false), quick ? 10 : 100, { samples: 5, extra: { externalReference: FIG3_EXTERNAL_REFERENCE } }),
  workloadCase('fig3-step-100-read-loss', () => fig3Workload(true), quick ? 10 : 100, { samples: 5, extra: { externalReference: FIG3_EXTERNAL_REFERENCE } }),
  workloadCase('mlp-4096x1024-4096-4096-1-step', () => largeMlpWorkload(), quick ? 1 : 10),
  workloadCase('mlp-4096x1024-4096-4096-1-step-tf32', () => largeMlpWorkload(), quick ? 1 : 10, { tf32: true }),
  workloadCase('jl-mnist-shape-step', () => jlWorkload(), steps),
  ...(existsSync(g22) ? [workloadCase('maxcut-g22-rounding-step', () => roundingStepWorkload(readGraphFile(g22)), quick ? 1 : 5)] : []),
  // the generated graph of the MAXCUT scale case; V₀ from a capped SDP (the step's cost depends on n, m and k, not on convergence)
  workloadCase('maxcut-random20000-rounding-step', () => roundingStepWorkload(randomGraph({ n: 20_000, m: 40_000, key: keyFromSeed(2026) }), { sdpSweeps: 50 }), quick ? 1 : 5, { samples: 3 }),
];

const report = await runBenchmarks('backend-cuda', cases, { ...(filter === undefined ? {} : { filter }) });
const summary = report.results.map((r) => {
  const extra = (r.extra ?? {}) as { steps?: number; flopsPerStep?: number; flops?: number };
  const perStep = extra.steps === undefined ? undefined : r.median / extra.steps;
  const flops = extra.flops ?? (extra.flopsPerStep === undefined ? undefined : extra.flopsPerStep);
  const seconds = (perStep ?? r.median) / 1000;
  return { ...r, ...(perStep === undefined ? {} : { msPerStep: perStep }), ...(flops === undefined ? {} : { achievedTflops: flops / seconds / 1e12 }) };
});
const cuda = activeCudaBackend();
writeFileAtomic(
  out,
  `${JSON.stringify({ ...report, backend: backendId, device: backendId === 'cpu' ? 'cpu' : (await (backendId === 'cuda' ? cudaBackend : cudaEmulatorBackend).isAvailable()).details, hostFallbackCalls: Object.fromEntries(cuda?.hostFallbackCalls ?? []), results: summary }, null, 2)}\n`,
);
for (const r of summary) console.error(`${r.name}: ${r.msPerStep === undefined ? `${r.median.toFixed(3)} ms` : `${r.msPerStep.toFixed(3)} ms/step`}${r.achievedTflops === undefined ? '' : `, ${r.achievedTflops.toFixed(2)} TFLOP/s`}`);
