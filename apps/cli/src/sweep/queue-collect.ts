import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import { isPlainObject } from '@derand/registry';
import type { SweepPlan, SweepRun } from './plan-sweep.js';
import { jobIdOf } from './queue-connection.js';
import { CHUNK } from './queue-submit.js';
import { recordBase, type RunRecord } from './run-record.js';

/** Where each run of a sweep stands on the queue. */
export type QueueState = 'completed' | 'failed' | 'active' | 'waiting' | 'delayed' | 'missing';

/** The error a worker reported, split back into its code and message (`CODE: message`). */
export function errorOf(reason: string | undefined): { code: string; message: string } {
  const match = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/.exec(reason ?? '');
  return match === null ? { code: 'RUN_FAILED', message: reason ?? 'failed without a reason' } : { code: match[1]!, message: match[2]! };
}

/**
 * Reads the state of runs on the queue, and the record of each run that ended: a completed
 * job's return value (the worker's record, its plan fields set to this sweep's), or a failed
 * job's reason and attempts.
 */
export async function queueStates(queue: Queue, plan: Pick<SweepPlan, 'sweepId' | 'backend'>, runs: readonly SweepRun[]): Promise<Map<string, { state: QueueState; record?: RunRecord }>> {
  const out = new Map<string, { state: QueueState; record?: RunRecord }>();
  for (let i = 0; i < runs.length; i += CHUNK) {
    const chunk = runs.slice(i, i + CHUNK);
    const states = await Promise.all(chunk.map((run) => queue.getJobState(jobIdOf(run.runId))));
    await Promise.all(
      chunk.map(async (run, j) => {
        const state = states[j]!;
        if (state === 'completed' || state === 'failed') {
          const job = await queue.getJob(jobIdOf(run.runId));
          if (job === undefined) return out.set(run.runId, { state: 'missing' });
          const base = recordBase(run, plan);
          if (state === 'completed' && isPlainObject(job.returnvalue)) {
            return out.set(run.runId, { state, record: { ...(job.returnvalue as unknown as RunRecord), ...base } });
          }
          const record: RunRecord = { ...base, status: 'failed', error: errorOf(job.failedReason), attempts: job.attemptsMade, finishedAt: new Date(job.finishedOn ?? Date.now()).toISOString() };
          return out.set(run.runId, { state: 'failed', record });
        }
        const mapped: QueueState = state === 'active' ? 'active' : state === 'delayed' ? 'delayed' : state === 'unknown' ? 'missing' : 'waiting';
        return out.set(run.runId, { state: mapped });
      }),
    );
  }
  return out;
}

/**
 * Waits for the runs to end on the queue, handing each record over as it arrives. Polls the
 * runs not yet ended (every `pollSeconds`, longer for many runs), so a collector that was away
 * finds every result stored in Redis; a run whose job vanished is handed to `requeue`.
 */
export async function collectRuns(
  queue: Queue,
  plan: Pick<SweepPlan, 'sweepId' | 'backend'>,
  runs: readonly SweepRun[],
  handlers: { readonly onRecord: (record: RunRecord) => void; readonly requeue: (runs: readonly SweepRun[]) => Promise<void>; readonly signal?: AbortSignal; readonly pollSeconds?: number },
): Promise<void> {
  let open = [...runs];
  while (open.length > 0 && handlers.signal?.aborted !== true) {
    const states = await queueStates(queue, plan, open);
    const missing = open.filter((run) => states.get(run.runId)?.state === 'missing');
    if (missing.length > 0) await handlers.requeue(missing);
    for (const run of open) {
      const record = states.get(run.runId)?.record;
      if (record !== undefined) handlers.onRecord(record);
    }
    open = open.filter((run) => states.get(run.runId)?.record === undefined);
    if (open.length === 0) break;
    const wait = Math.max(handlers.pollSeconds ?? 1, open.length / 1000);
    await sleep(wait * 1000, undefined, handlers.signal === undefined ? {} : { signal: handlers.signal }).catch(() => undefined);
  }
}
