import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliIO } from '../io.js';
import type { PlotSettings } from './grid-file.js';
import type { SweepPlan, SweepRun } from './plan-sweep.js';
import { openResults } from './results-file.js';
import { recordBase, type RunRecord } from './run-record.js';
import { createRunPool, defaultPoolSize } from './run-pool.js';
import { jobOf } from './sweep-job.js';
import { manifestOf } from './sweep-manifest.js';
import { sweepProgress } from './sweep-progress.js';
import { writeSummary, type SummaryFiles } from './write-summary.js';
import type { RetrySettings } from './queue-submit.js';

export interface SweepRunOptions {
  /** Output folder: sweep.json, results.jsonl, summary.json, summary.md, plot.svg. */
  readonly out: string;
  /** Local pool size (default: the number of cores). */
  readonly workers?: number;
  /** Run on BullMQ instead: the queue's URL and retry settings; `detach` returns once enqueued. */
  readonly queue?: RetrySettings & { readonly url: string; readonly detach: boolean };
  /** The folder the runs' relative data paths are read from (local runs). */
  readonly cwd: string;
  readonly plot?: PlotSettings;
  readonly io: CliIO;
  /** Stops waiting (queue) or starting new runs (local) when aborted; finished runs stay recorded. */
  readonly signal?: AbortSignal;
}

export interface SweepOutcome extends Partial<SummaryFiles> {
  readonly sweepId: string;
  readonly out: string;
  readonly results: string;
  readonly runs: number;
  /** Runs already complete in results.jsonl, not run again. */
  readonly skipped: number;
  /** Runs started (local) or handed to the queue in this session. */
  readonly submitted: number;
  readonly ok: number;
  readonly failed: number;
  readonly pending: number;
  /** True when the runs were enqueued and left to the workers (`--detach`) or the wait was interrupted. */
  readonly detached: boolean;
}

/** The failed record of a run that a local thread could not finish. */
const failedRecord = (plan: SweepPlan, run: SweepRun, error: { code: string; message: string }, seconds: number, worker: RunRecord['worker']): RunRecord => ({
  ...recordBase(run, plan),
  status: 'failed',
  error,
  attempts: 1,
  seconds,
  ...(worker === undefined ? {} : { worker }),
  finishedAt: new Date().toISOString(),
});

/**
 * Runs a planned sweep: writes its manifest, skips the runs whose `ok` record is already in
 * results.jsonl, runs the others (on a local pool of threads, or through the queue), appends
 * each record as its run ends, and writes the summary and the plot at the end.
 */
export async function runSweep(plan: SweepPlan, options: SweepRunOptions): Promise<SweepOutcome> {
  const { io } = options;
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const { writeFileAtomic } = await import('@derand/core/node');
  writeFileAtomic(join(out, 'sweep.json'), `${JSON.stringify(manifestOf(plan), null, 2)}\n`);
  const log = openResults(join(out, 'results.jsonl'));
  if (log.dropped !== undefined) io.warn(`${log.path}: removed a partial last line (a write cut short); that run runs again.`);
  let detached = false;
  try {
    const done = log.completed();
    const pending = plan.runs.filter((run) => !done.has(run.runId));
    const skipped = plan.runs.length - pending.length;
    const where = options.queue === undefined ? `on ${options.workers ?? defaultPoolSize()} worker thread(s)` : `through ${options.queue.url}`;
    io.log(`sweep ${plan.name} (${plan.sweepId}): ${plan.runs.length} runs, ${skipped} already complete, ${pending.length} to run ${where}; results in ${log.path}`);
    const progress = sweepProgress(io, pending.length);
    const onRecord = (record: RunRecord): void => {
      // a run that fails again after a restart keeps its one failed line
      log.append(record);
      progress.ended(record.status);
      if (record.status === 'failed') io.warn(`run ${record.runId} (#${record.index + 1}) failed${record.attempts === undefined ? '' : ` after ${record.attempts} attempt(s)`}: ${record.error?.code}: ${record.error?.message.split('\n')[0]}`);
    };
    if (pending.length > 0 && options.queue === undefined) {
      const pool = createRunPool(options.workers ?? defaultPoolSize());
      const pluginPaths = plan.plugins.map((p) => p.path);
      try {
        await Promise.all(
          pending.map(async (run) => {
            if (options.signal?.aborted === true) return;
            const outcome = await pool.run({ job: jobOf(plan, run), pluginPaths, dataRoot: options.cwd });
            onRecord(outcome.ok ? { ...outcome.record, attempts: 1 } : failedRecord(plan, run, outcome.error, outcome.seconds, outcome.worker));
          }),
        );
      } finally {
        await pool.destroy();
      }
    } else if (pending.length > 0 && options.queue !== undefined) {
      detached = await throughQueue(plan, pending, options.queue, onRecord, io, options.signal);
    }
    progress.done();
    const files = detached ? undefined : await writeSummary(out, plan, log.records, options.plot, io);
    const summary = files?.summary;
    const ids = new Set(plan.runs.map((run) => run.runId));
    const okIds = new Set(log.records.filter((r) => r.status === 'ok' && ids.has(r.runId)).map((r) => r.runId));
    const ok = summary?.ok ?? okIds.size;
    const failed = summary?.failed ?? new Set(log.records.filter((r) => r.status === 'failed' && ids.has(r.runId) && !okIds.has(r.runId)).map((r) => r.runId)).size;
    return { sweepId: plan.sweepId, out, results: log.path, runs: plan.runs.length, skipped, submitted: pending.length, ok, failed, pending: plan.runs.length - ok - failed, detached, ...(files ?? {}) };
  } finally {
    log.close();
  }
}

/** Enqueues the runs and, unless detached, collects their records; true when it returned before they all ended. */
async function throughQueue(plan: SweepPlan, pending: readonly SweepRun[], queueOptions: NonNullable<SweepRunOptions['queue']>, onRecord: (record: RunRecord) => void, io: CliIO, signal: AbortSignal | undefined): Promise<boolean> {
  const [{ openQueue, submitRuns }, { collectRuns }] = await Promise.all([import('./queue-submit.js'), import('./queue-collect.js')]);
  const queue = await openQueue(queueOptions.url);
  try {
    const submitted = await submitRuns(queue, plan, pending, queueOptions);
    io.log(`enqueued ${submitted.added} run(s) on ${queueOptions.url} (${submitted.queued} already queued, ${submitted.retried} failed before and retried); start workers with: derand worker --queue ${queueOptions.url}`);
    const hint = `collect the results later with: derand sweep status ${plan.sweepId} --queue ${queueOptions.url}`;
    if (queueOptions.detach) {
      io.log(hint);
      return true;
    }
    await collectRuns(queue, plan, pending, { onRecord, requeue: async (runs) => void (await submitRuns(queue, plan, runs, queueOptions)), ...(signal === undefined ? {} : { signal }) });
    if (signal?.aborted === true) {
      io.warn(`stopped waiting; the runs go on on the workers. ${hint}`);
      return true;
    }
    return false;
  } finally {
    await queue.close();
  }
}
