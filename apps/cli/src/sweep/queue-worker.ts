import { existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { Job } from 'bullmq';
import { DerandError } from '@derand/registry';
import type { CliIO } from '../io.js';
import { sha256Hex } from './canonical-json.js';
import { QUEUE_NAME, QUEUE_PREFIX, redisConnectionOf } from './queue-connection.js';
import type { QueuedJob } from './queue-submit.js';
import type { RunRecord } from './run-record.js';
import { createRunPool } from './run-pool.js';

export interface WorkerSettings {
  /** `redis://host:port` of the sweep queue. */
  readonly url: string;
  /** Runs at a time, each on its own thread. */
  readonly concurrency: number;
  /** The folder relative data paths of jobs are read from (this machine's copy of the data). */
  readonly dataRoot: string;
  /** How long a job's lock lasts without renewal: a worker silent that long has stalled. */
  readonly lockSeconds: number;
  /** How often this worker looks for stalled jobs (of any worker) to take over. */
  readonly stalledSeconds: number;
  /** Where plugin files carried by jobs are written (default: <tmp>/derand-worker-plugins). */
  readonly pluginDir?: string;
  readonly io: CliIO;
}

/**
 * Writes a plugin file carried by a job into `dir`, named by its SHA-256 (written once, read
 * by every run that loads it), after checking the content is the one the job names.
 */
async function materialisePlugin(plugin: QueuedJob['plugins'][number], dir: string): Promise<string> {
  if (sha256Hex(plugin.content) !== plugin.sha256) throw new DerandError('PLUGIN_MISMATCH', `The plugin file ${plugin.name} carried by the job does not have the SHA-256 the job names; enqueue the sweep again.`);
  // .mjs: plugin files are ES modules, and a .js file outside a "type": "module" package is not
  const path = join(dir, `${plugin.sha256.slice(0, 16)}-${basename(plugin.name, extname(plugin.name))}.mjs`);
  if (!existsSync(path)) (await import('@derand/core/node')).writeFileAtomic(path, plugin.content);
  return path;
}

/**
 * A BullMQ worker on the sweep queue: takes up to `concurrency` jobs at a time and runs each
 * on a pool thread, so this thread keeps renewing the jobs' locks however long a run computes.
 * A run that fails is thrown back to BullMQ (`CODE: message`), which retries it with backoff; a
 * job whose worker died is taken over by another worker once its lock expires.
 *
 * @returns `closed` (resolves when the worker has stopped) and `close(force)`: stop taking jobs
 * and wait for the running ones (force: abandon them; they are taken over as stalled).
 */
export async function startQueueWorker(settings: WorkerSettings): Promise<{ readonly closed: Promise<void>; close(force?: boolean): Promise<void> }> {
  const { Worker } = await import('bullmq');
  const { io } = settings;
  const pool = createRunPool(settings.concurrency);
  const pluginDir = settings.pluginDir ?? join(tmpdir(), 'derand-worker-plugins');
  const me = `worker ${hostname()}:${process.pid}`;
  const worker = new Worker<QueuedJob, RunRecord>(
    QUEUE_NAME,
    async (job: Job<QueuedJob, RunRecord>) => {
      const { run } = job.data.job;
      const pluginPaths = await Promise.all(job.data.plugins.map((p) => materialisePlugin(p, pluginDir)));
      io.log(`${me}: run ${run.runId} (sweep ${job.data.job.sweepId} #${run.index + 1}) started, attempt ${job.attemptsMade + 1}`);
      const outcome = await pool.run({ job: job.data.job, pluginPaths, dataRoot: settings.dataRoot });
      if (!outcome.ok) {
        io.warn(`${me}: run ${run.runId} failed after ${outcome.seconds.toFixed(1)} s: ${outcome.error.code}: ${outcome.error.message}`);
        throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
      }
      io.log(`${me}: run ${run.runId} ok in ${(outcome.record.seconds ?? 0).toFixed(1)} s`);
      return { ...outcome.record, attempts: job.attemptsMade + 1 };
    },
    {
      connection: redisConnectionOf(settings.url),
      prefix: QUEUE_PREFIX,
      concurrency: settings.concurrency,
      lockDuration: Math.round(settings.lockSeconds * 1000),
      stalledInterval: Math.round(settings.stalledSeconds * 1000),
      // a job that stalled (its worker died) runs again; only one stalling three times fails
      maxStalledCount: 3,
    },
  );
  // while Redis is away BullMQ reconnects and reports the same error each time: say it once
  let lastError = '';
  worker.on('error', (error) => {
    if (error.message !== lastError) io.warn(`${me}: ${error.message} (retrying)`);
    lastError = error.message;
  });
  worker.on('ready', () => (lastError = ''));
  await worker.waitUntilReady();
  io.log(`${me} ready: ${settings.concurrency} thread(s) on ${settings.url}, data from ${settings.dataRoot}`);
  let closing: Promise<void> | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const close = (force = false): Promise<void> => {
    if (closing !== undefined && !force) return closing;
    closing = worker
      .close(force)
      .then(() => pool.destroy())
      .then(() => resolveClosed());
    return closing;
  };
  return { closed, close };
}
