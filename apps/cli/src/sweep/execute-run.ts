import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { DerandError, isDerandError, runSolver, type FileAccess } from '@derand/registry';
import { createCliRegistry, type CliRegistry } from '../registry.js';
import { fileHasher, verifyDataFiles } from './data-files.js';
import { computeVersions } from './plan-sweep.js';
import { metricsOf, recordBase, type RunWorker } from './run-record.js';
import type { ThreadOutcome, ThreadTask } from './sweep-job.js';

/** Registries by plugin file list: a thread loads a set of plugin files once. */
const registries = new Map<string, Promise<CliRegistry>>();
/** The backend this thread's engine runs on, once started. */
let engine: { backend: string; started: Promise<{ backend: string }> } | undefined;

function registryFor(pluginPaths: readonly string[]): Promise<CliRegistry> {
  const key = pluginPaths.join('\u0000');
  let registry = registries.get(key);
  if (registry === undefined) {
    registry = pluginPaths.length === 0 ? Promise.resolve(createCliRegistry()) : import('../plugin-loader.js').then(async ({ loadPlugins }) => createCliRegistry(await loadPlugins(pluginPaths)));
    registries.set(key, registry);
  }
  return registry;
}

/** Starts tfjs on the job's backend in this thread (each thread has its own engine), once. */
async function engineFor(backend: string, registry: CliRegistry): Promise<string> {
  if (engine?.backend !== backend) {
    const { startEngine } = await import('@derand/core');
    engine = { backend, started: startEngine({ backend, registry }) };
  }
  return (await engine.started).backend;
}

/** The versions a job names that this process does not have. */
function versionDifferences(expected: Readonly<Record<string, string>>): string[] {
  const here = computeVersions();
  const names = [...new Set([...Object.keys(expected), ...Object.keys(here)])].sort();
  return names.filter((name) => expected[name] !== here[name]).map((name) => `${name} ${here[name] ?? 'absent'} here, ${expected[name] ?? 'absent'} in the run`);
}

/**
 * Runs one job in this thread: checks that this machine has the package versions and data
 * files the run id names (refusing the run otherwise), loads the job's plugin files, starts the
 * engine on the job's backend, runs the solver through `runSolver` and returns the record.
 * Failures are returned, not thrown, so their code survives the trip out of the thread.
 */
export async function executeRun(task: ThreadTask): Promise<ThreadOutcome> {
  const { job, dataRoot } = task;
  const { run } = job;
  const worker: RunWorker = { host: hostname(), pid: process.pid, thread: threadId, node: process.version };
  const who = `worker ${worker.host}:${worker.pid}`;
  const started = performance.now();
  try {
    const differences = versionDifferences(job.versions);
    if (differences.length > 0) throw new DerandError('VERSION_MISMATCH', `${who} refuses run ${run.runId}: ${differences.join('; ')}. Install the same versions on every worker.`);
    verifyDataFiles(run.data, dataRoot, fileHasher(), who);
    const registry = await registryFor(task.pluginPaths);
    const backend = await engineFor(job.backend, registry);
    const { nodeFiles } = await import('@derand/core/node');
    const files = nodeFiles({ cwd: dataRoot });
    const declared = new Map(run.data.map((d) => [d.name, d.sha256]));
    // the file could change between the check above and the solver's read
    const checked: FileAccess = {
      read: async (name) => {
        const bytes = await files.read(name);
        const read = files.reads[files.reads.length - 1]!;
        const expected = declared.get(name);
        if (expected !== undefined && read.sha256 !== expected) {
          throw new DerandError('DATA_MISMATCH', `${who} refuses run ${run.runId}: ${name} changed while the run read it (sha256 ${read.sha256}, the run names ${expected}).`);
        }
        return bytes;
      },
    };
    const result = await runSolver(registry, { solver: run.solver, options: run.options as Record<string, unknown> }, { registry, backend, seed: run.seed, emit: () => {}, files: checked });
    const { metrics, timings } = metricsOf(result);
    const seconds = (performance.now() - started) / 1000;
    return {
      ok: true,
      record: {
        ...recordBase(run, job),
        status: 'ok',
        metrics,
        timings,
        files: files.reads.map(({ name, sha256 }) => ({ name, sha256 })),
        seconds,
        worker,
        finishedAt: new Date().toISOString(),
      },
    };
  } catch (error) {
    const code = isDerandError(error) ? error.code : 'RUN_FAILED';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code, message }, seconds: (performance.now() - started) / 1000, worker };
  }
}
