import { availableParallelism, hostname } from 'node:os';
import { Piscina } from 'piscina';
import type { ThreadOutcome, ThreadTask } from './sweep-job.js';

/** A fixed pool of worker threads that run sweep jobs. */
export interface RunPool {
  readonly size: number;
  /** Runs a task on the next free thread; a thread that dies mid-run gives a failed outcome (and is replaced). */
  run(task: ThreadTask): Promise<ThreadOutcome>;
  destroy(): Promise<void>;
}

/** The default pool size: the cores this process may use. */
export const defaultPoolSize = (): number => availableParallelism();

/**
 * Starts `size` worker threads (piscina) that each load `run-thread.js` and keep their engine
 * between runs. The threads run the solvers, so the calling thread's event loop stays free:
 * progress draws, results are appended as they come, and a queue worker renews its job locks
 * while a long run computes.
 *
 * @example const pool = createRunPool(2); const outcome = await pool.run({ job, pluginPaths: [], dataRoot: process.cwd() }); await pool.destroy();
 */
export function createRunPool(size: number = defaultPoolSize()): RunPool {
  const pool = new Piscina<ThreadTask, ThreadOutcome>({
    filename: new URL('./run-thread.js', import.meta.url).href,
    minThreads: size,
    maxThreads: size,
    // an idle thread keeps its started engine for the next run
    idleTimeout: Number.MAX_SAFE_INTEGER,
    // tasks resolve fully; a thread blocking on Atomics between tasks would gain nothing
    atomics: 'disabled',
  });
  return {
    size,
    run: async (task) => {
      try {
        return await pool.run(task);
      } catch (error) {
        return { ok: false, error: { code: 'THREAD_DIED', message: `the worker thread running it died: ${error instanceof Error ? error.message : String(error)}` }, seconds: 0, worker: { host: hostname(), pid: process.pid, thread: -1, node: process.version } };
      }
    },
    destroy: () => pool.destroy(),
  };
}
