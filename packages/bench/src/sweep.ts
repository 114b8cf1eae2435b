/**
 * Sweep benchmark (`pnpm bench`, or `node packages/bench/dist/sweep.js [--filter TEXT] [--out FILE]`):
 * the same 16-run structure-discovery grid (λ × k × 2 seeds, a 64-wide student, 3000 steps) run
 * by `derand sweep`'s local pool with 1 and then 2 worker threads, each into a fresh folder so
 * nothing is skipped. The 2-thread time is reported as a ratio to the 1-thread time measured in
 * the same process (`ratioToBaseline`; the speed-up is its inverse), with the cores, the load
 * average and the parallelism the pool got (CPU seconds of the process per wall second), since
 * other work on the machine lowers the speed-up. Both sweeps must give the same metrics for
 * every run id.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCliRegistry, createIO, planSweep, readGridFile, runSweep, type RunRecord } from '@derand/cli';
import { benchArgs, onceCase, resultsFile, runBenchmarks, type BenchCase } from './harness/index.js';

const GRID = `# the sweep benchmark's grid: 4 λ × 2 k × 2 seeds = 16 runs
solver: structure-discovery
options:
  d: 4
  width: 64
  steps: 3000
  certificate: false
  test-size: 2000
  snapshots: 2
grid:
  lambda: [0.00001, 0.0001, 0.001, 0.01]
  k: [1, 2]
repeats: 2
`;

const dir = mkdtempSync(join(tmpdir(), 'derand-bench-sweep-'));
const gridPath = join(dir, 'structure-16.yaml');
writeFileSync(gridPath, GRID);
const registry = createCliRegistry();
const io = createIO({ quiet: true });
const metricsByRun: Record<number, Record<string, unknown>> = {};
const seconds: Record<number, number> = {};

/** Runs the grid on `workers` threads into a fresh folder; figures: wall seconds, runs, and (for 2) the speed-up. */
function sweepCase(workers: number): BenchCase {
  return {
    ...onceCase(`sweep/structure-16-runs/workers=${workers}`, 'wasm', async () => {
      const plan = planSweep(await readGridFile(gridPath), { registry, seed: 0, backend: 'wasm', cwd: dir });
      const out = join(dir, `workers-${workers}`);
      const started = performance.now();
      const cpu = process.cpuUsage();
      const outcome = await runSweep(plan, { out, workers, cwd: dir, io });
      seconds[workers] = (performance.now() - started) / 1000;
      // CPU time of all the process's threads per wall second: the parallelism the pool got
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      const records = readFileSync(outcome.results, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as RunRecord);
      metricsByRun[workers] = Object.fromEntries(records.map((r) => [r.runId, r.metrics]));
      const same = workers === 1 ? undefined : JSON.stringify(sortedEntries(metricsByRun[workers]!)) === JSON.stringify(sortedEntries(metricsByRun[1] ?? {}));
      return {
        runs: outcome.runs,
        ok: outcome.ok,
        failed: outcome.failed,
        wallSeconds: seconds[workers],
        cpuSeconds,
        parallelism: cpuSeconds / seconds[workers]!,
        ...(workers === 1 || seconds[1] === undefined ? {} : { speedUp: seconds[1] / seconds[workers]!, sameMetricsAsOneWorker: same }),
        cores: availableParallelism(),
        loadAverage1m: loadavg()[0],
      };
    }),
    ...(workers === 1 ? {} : { baseline: 'sweep/structure-16-runs/workers=1' }),
  };
}

const sortedEntries = (value: Record<string, unknown>): [string, unknown][] => Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));

const { out, filter } = benchArgs(process.argv.slice(2), resultsFile('sweep.json'));
try {
  await runBenchmarks('sweep', [sweepCase(1), sweepCase(2)], { out, ...(filter === undefined ? {} : { filter }) });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
