import { readFileSync } from 'node:fs';
import type { Queue } from 'bullmq';
import type { SweepPlan, SweepRun } from './plan-sweep.js';
import { jobIdOf, manifestKey, QUEUE_NAME, QUEUE_PREFIX, redisConnectionOf } from './queue-connection.js';
import { manifestOf } from './sweep-manifest.js';
import { jobOf, type SweepJob } from './sweep-job.js';

/** What a queued job carries: the run, and the content of every user plugin file it loads. */
export interface QueuedJob {
  readonly job: SweepJob;
  readonly plugins: readonly { readonly name: string; readonly sha256: string; readonly content: string }[];
}

/** How runs are retried on the queue. */
export interface RetrySettings {
  /** Attempts per run before it is reported failed. */
  readonly attempts: number;
  /** Seconds before the first retry; each further retry waits twice as long. */
  readonly backoffSeconds: number;
}

/** Opens the sweep queue on the Redis at `url`. */
export async function openQueue(url: string): Promise<Queue> {
  const { Queue } = await import('bullmq');
  const queue = new Queue(QUEUE_NAME, { connection: redisConnectionOf(url), prefix: QUEUE_PREFIX });
  await queue.waitUntilReady();
  return queue;
}

/** Runs per round trip when asking Redis about many jobs. */
export const CHUNK = 500;

/**
 * Enqueues the runs of a plan that are not done yet on BullMQ, and stores the plan's manifest
 * in Redis for `derand sweep status`. A run's job id is its run id, so a run already queued
 * (by this sweep or another) is not added twice; a run that failed before is retried with its
 * attempts renewed. Each job carries its plugin files' content: a worker needs no copy.
 *
 * @returns how many runs were added, already queued, and retried.
 */
export async function submitRuns(queue: Queue, plan: SweepPlan, runs: readonly SweepRun[], retry: RetrySettings): Promise<{ added: number; queued: number; retried: number }> {
  const client = await queue.getBackend().client;
  await client.set(manifestKey(plan.sweepId), JSON.stringify(manifestOf(plan)));
  const plugins = plan.plugins.map((p) => ({ name: p.name, sha256: p.sha256, content: readFileSync(p.path, 'utf8') }));
  let added = 0;
  let queued = 0;
  let retried = 0;
  for (let i = 0; i < runs.length; i += CHUNK) {
    const chunk = runs.slice(i, i + CHUNK);
    const states = await Promise.all(chunk.map((run) => queue.getJobState(jobIdOf(run.runId))));
    const fresh = chunk.filter((_, j) => states[j] === 'unknown');
    for (const [j, run] of chunk.entries()) {
      if (states[j] !== 'failed') continue;
      await (await queue.getJob(jobIdOf(run.runId)))?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      retried++;
    }
    queued += chunk.length - fresh.length;
    await queue.addBulk(
      fresh.map((run) => ({
        name: run.solver,
        data: { job: jobOf(plan, run), plugins } satisfies QueuedJob,
        opts: {
          jobId: jobIdOf(run.runId),
          attempts: retry.attempts,
          backoff: { type: 'exponential', delay: Math.round(retry.backoffSeconds * 1000) },
          // results stay in Redis until collected (and after, for `derand sweep status`)
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
    added += fresh.length;
  }
  return { added, queued: queued - retried, retried };
}
