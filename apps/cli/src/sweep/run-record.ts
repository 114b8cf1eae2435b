import { isPlainObject } from '@derand/registry';
import type { DataFile } from './run-id.js';
import type { SweepRun } from './plan-sweep.js';

/** Where and how a run was executed. */
export interface RunWorker {
  readonly host: string;
  readonly pid: number;
  /** worker_threads id inside that process. */
  readonly thread: number;
  readonly node: string;
}

/** A run's outcome as one line of results.jsonl. */
export interface RunRecord {
  readonly format: 'derand-sweep-result/1';
  readonly runId: string;
  readonly sweepId: string;
  readonly index: number;
  readonly solver: string;
  readonly seed: number;
  readonly replicate: number;
  readonly backend: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: 'ok' | 'failed';
  /** The result's numbers that do not depend on the machine (same run → same metrics). */
  readonly metrics?: Readonly<Record<string, number>>;
  /** The result's durations (names ending in seconds or ms, or under `timings`): machine-dependent. */
  readonly timings?: Readonly<Record<string, number>>;
  /** Files the run read, with their SHA-256. */
  readonly files?: readonly DataFile[];
  readonly error?: { readonly code: string; readonly message: string };
  /** Attempts made (queue runs: retries included). */
  readonly attempts?: number;
  /** Wall-clock seconds of the run on its worker. */
  readonly seconds?: number;
  readonly worker?: RunWorker;
  readonly finishedAt: string;
}

/** The fields of a record that come from the plan. */
export function recordBase(run: SweepRun, sweep: { readonly sweepId: string; readonly backend: string }): Pick<RunRecord, 'format' | 'runId' | 'sweepId' | 'index' | 'solver' | 'seed' | 'replicate' | 'backend' | 'params'> {
  return { format: 'derand-sweep-result/1', runId: run.runId, sweepId: sweep.sweepId, index: run.index, solver: run.solver, seed: run.seed, replicate: run.replicate, backend: sweep.backend, params: run.params };
}

/** Top-level result fields that repeat the run's input rather than measure anything. */
const INPUT_ECHOES = new Set(['config', 'options', 'seed', 'version']);

/** A duration by its name: `…Seconds`, `seconds…`, `ms…`, `…Ms…`, or anything under `timings`. */
function isTiming(segment: string): boolean {
  return /^seconds|seconds$/i.test(segment) || /^ms([A-Z]|$)/.test(segment) || /Ms([A-Z]|$)/.test(segment) || segment === 'timings';
}

/**
 * The scalar numbers of a solver's result by dotted path (`orthFraction`, `start.testLoss`),
 * split into metrics and timings; the result's echo of its input (`config`, `options`, `seed`,
 * `version`) is left out. Arrays are not entered (histories and trajectories stay in
 * the solver's own output); booleans count as 0/1 metrics. Timings are kept apart because they
 * differ between machines while metrics of the same run do not.
 *
 * @example metricsOf({ orthFraction: 0.1, wallSeconds: 2, start: { testLoss: 0.3 } }); // { metrics: { orthFraction: 0.1, 'start.testLoss': 0.3 }, timings: { wallSeconds: 2 } }
 */
export function metricsOf(result: unknown, maxDepth = 3): { metrics: Record<string, number>; timings: Record<string, number> } {
  const metrics: Record<string, number> = {};
  const timings: Record<string, number> = {};
  const walk = (value: unknown, path: readonly string[], timing: boolean): void => {
    if (typeof value === 'number' && Number.isFinite(value)) (timing ? timings : metrics)[path.join('.')] = value;
    else if (typeof value === 'boolean') (timing ? timings : metrics)[path.join('.')] = value ? 1 : 0;
    else if (isPlainObject(value) && path.length < maxDepth) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key], timing || isTiming(key));
    }
  };
  // a result's echo of its own input (config, options, seed) is not something it measured
  if (isPlainObject(result)) for (const [key, child] of Object.entries(result)) if (!INPUT_ECHOES.has(key)) walk(child, [key], isTiming(key));
  return { metrics, timings };
}
