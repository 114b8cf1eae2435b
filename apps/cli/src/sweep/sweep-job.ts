import type { SweepPlan, SweepRun } from './plan-sweep.js';
import type { RunRecord, RunWorker } from './run-record.js';

/** A run as it travels to a worker thread or a queue worker: plain, structured-cloneable data. */
export interface SweepJob {
  readonly format: 'derand-sweep-job/1';
  readonly sweepId: string;
  readonly backend: string;
  /** The package versions the run id names; a worker with others refuses the run. */
  readonly versions: Readonly<Record<string, string>>;
  /** The user plugin files the run loads, by name and SHA-256. */
  readonly plugins: readonly { readonly name: string; readonly sha256: string }[];
  readonly run: SweepRun;
}

/** The job of one run of a plan. */
export function jobOf(plan: SweepPlan, run: SweepRun): SweepJob {
  return { format: 'derand-sweep-job/1', sweepId: plan.sweepId, backend: plan.backend, versions: plan.versions, plugins: plan.plugins.map(({ name, sha256 }) => ({ name, sha256 })), run };
}

/** What a worker thread is given: the job, where its plugin files are here, and the folder data paths are relative to. */
export interface ThreadTask {
  readonly job: SweepJob;
  readonly pluginPaths: readonly string[];
  readonly dataRoot: string;
}

/** What a worker thread gives back: the record of a run that ended, or why it failed. */
export type ThreadOutcome =
  | { readonly ok: true; readonly record: RunRecord }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string }; readonly seconds: number; readonly worker: RunWorker };
