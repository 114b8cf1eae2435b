import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { keyFromSeed, startEngine } from '@derand/core';
import { dataDir, writeFileAtomic } from '@derand/core/node';
import { wasmBackend } from '@derand/backend-wasm';
import { activeCudaBackend, cudaBackend } from '@derand/backend-cuda';
import { cudaEmulatorBackend } from '@derand/backend-cuda/emulator';
import type { BackendPlugin } from '@derand/registry';
import { readGraphFile } from '@derand/maxcut/node';
import { derandomizedRounding, solveSdp, type ProbitCutImplementation } from '@derand/maxcut';
import { roundingStepWorkload, type RoundingStepWorkload } from './rounding-workload.js';
import { benchArgs, onceCase, resultsFile, runBenchmarks, type BenchCase } from './harness/index.js';

/**
 * The derandomized rounding's training step in both implementations of the probit objective
 * (`host`: the fused float64 pass through derandomizedObjective's hook; `tensor`: tensor ops and
 * the tape) on one backend, on Gset G1 and G22: the figures behind the per-backend choice
 * (decision record 0207). Each sample is `calls` × 10 steps with one read-back per 10 steps.
 * `rounding-run/<graph>` runs the whole rounding once (the backend's auto choice; SDP key 1,
 * rounding key 0) and records its cut, steps and host-fallback calls, to compare backends, and on
 * the host implementation its time against the previous loop (`ratioToMinimize`).
 * Run: `node packages/bench/dist/rounding.js [--backend wasm|cpu|cuda|cuda-emulator] [--quick] [--filter T] [--out F]`.
 */
const { out, filter } = benchArgs(process.argv.slice(2), resultsFile('rounding.json'));
const backendFlag = process.argv.indexOf('--backend');
const backendId = backendFlag >= 0 ? (process.argv[backendFlag + 1] ?? 'wasm') : 'wasm';
const quick = process.argv.includes('--quick');
const plugins: Record<string, BackendPlugin | 'cpu'> = { wasm: wasmBackend, cpu: 'cpu', cuda: cudaBackend, 'cuda-emulator': cudaEmulatorBackend };
const chosen = plugins[backendId];
if (chosen === undefined) {
  process.stderr.write(`rounding bench: unknown backend '${backendId}' (one of ${Object.keys(plugins).join(', ')})\n`);
  process.exit(2);
}
const plugin: BackendPlugin | 'cpu' = chosen;
const skipped = plugin === 'cpu' ? undefined : (await plugin.isAvailable()).reason;
if (skipped !== undefined) {
  process.stderr.write(`rounding benchmarks skipped: ${backendId} is unavailable here: ${skipped}\n`);
  writeFileAtomic(out, `${JSON.stringify({ suite: 'rounding', startedAt: new Date().toISOString(), skipped, results: [] }, null, 2)}\n`);
  process.exit(0);
}

const calls = quick ? 2 : 5;
function stepCase(graphName: string, file: string, implementation: ProbitCutImplementation): BenchCase {
  let workload: RoundingStepWorkload | undefined;
  return {
    name: `rounding-step/${graphName}/${implementation}`,
    backend: backendId,
    samples: quick ? 2 : 5,
    setup: async () => {
      await startEngine({ backend: plugin });
      workload = roundingStepWorkload(readGraphFile(file), { implementation });
    },
    run: () => {
      for (let i = 0; i < calls; i++) workload!.step();
      tf.tidy(() => void tf.zeros([1]).dataSync());
    },
    extra: () => ({ implementation, rank: workload!.rank, steps: calls * workload!.stepsPerCall }),
    teardown: () => workload!.dispose(),
  };
}

/**
 * The whole rounding once, as the pipeline runs it on this backend. Where the host
 * implementation runs, its typed-array loop (the default) is also timed against the previous
 * implementation, the same Adam through the core's minimize (`hostLoop: false`), in the same run:
 * `ratioToMinimize` and whether the iterates were identical (decision record 0210).
 */
function runCase(graphName: string, file: string): BenchCase {
  return onceCase(`rounding-run/${graphName}`, backendId, async () => {
    await startEngine({ backend: plugin });
    const graph = readGraphFile(file);
    const sdp = solveSdp(graph, { key: keyFromSeed(1) });
    const before = new Map(activeCudaBackend()?.hostFallbackCalls ?? []);
    const started = performance.now();
    const r = derandomizedRounding(graph, sdp, { key: keyFromSeed(0) });
    const seconds = (performance.now() - started) / 1000;
    const after = activeCudaBackend()?.hostFallbackCalls ?? new Map<string, number>();
    const hostFallbackCalls = Object.fromEntries([...after].filter(([kernel, calls]) => calls !== (before.get(kernel) ?? 0)).map(([kernel, calls]) => [kernel, calls - (before.get(kernel) ?? 0)]));
    const figures = { implementation: r.implementation, cut: r.cut, signCut: r.signCut, steps: r.steps, collapsed: r.collapsed, seconds, msPerRoundingStep: (1000 * seconds) / r.steps, hostFallbackCalls };
    if (r.implementation !== 'host') return figures;
    const startedMinimize = performance.now();
    const viaMinimize = derandomizedRounding(graph, sdp, { key: keyFromSeed(0), hostLoop: false });
    const minimizeSeconds = (performance.now() - startedMinimize) / 1000;
    const identicalIterates = viaMinimize.steps === r.steps && viaMinimize.mu.every((x, i) => Object.is(x, r.mu[i]));
    return { ...figures, minimize: { seconds: minimizeSeconds, msPerRoundingStep: (1000 * minimizeSeconds) / viaMinimize.steps, signCut: viaMinimize.signCut, steps: viaMinimize.steps }, ratioToMinimize: seconds / minimizeSeconds, identicalIterates };
  });
}

const cases: BenchCase[] = [];
for (const graphName of ['G1', 'G22']) {
  const file = join(dataDir() ?? '', 'gset', `${graphName}.txt`);
  if (!existsSync(file)) continue;
  for (const implementation of ['host', 'tensor'] as const) cases.push(stepCase(graphName, file, implementation));
  cases.push(runCase(graphName, file));
}

const report = await runBenchmarks('rounding', cases, { ...(filter === undefined ? {} : { filter }) });
const results = report.results.map((r) => (r.name.startsWith('rounding-step/') ? { ...r, msPerStep: r.median / ((r.extra?.['steps'] as number | undefined) ?? 1) } : r));
writeFileAtomic(out, `${JSON.stringify({ ...report, backend: backendId, results }, null, 2)}\n`);
for (const r of results) {
  const line = 'msPerStep' in r ? `${r.msPerStep.toFixed(2)} ms/step (median of ${r.samples}, k = ${String(r.extra?.['rank'])})` : JSON.stringify(r.extra);
  process.stderr.write(`${r.name} (${backendId}): ${line}\n`);
}
