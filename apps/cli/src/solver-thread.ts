import { Worker } from 'node:worker_threads';
import { DerandError, type FileAccess, type SolverEvent } from '@derand/registry';
import { INTERRUPTED_EXIT_CODE } from './interrupt.js';

/** What a solver run in a worker thread needs: all plain data, rebuilt there. */
export interface ThreadRun {
  readonly solver: string;
  /** Options as parsed by the solver's schema in the main thread. */
  readonly options: unknown;
  readonly seed: number;
  readonly backend: string;
  /** `--plugin` files, loaded again in the worker. */
  readonly plugins: readonly string[];
  readonly timeLimit?: number;
  readonly memoryBytes?: number;
}

/** Messages from the worker (see solver-worker.ts). */
export type WorkerMessage =
  | { readonly type: 'event'; readonly event: SolverEvent }
  | { readonly type: 'read'; readonly id: number; readonly name: string }
  | { readonly type: 'done'; readonly result: unknown; readonly backend: string; readonly backendDetails?: Readonly<Record<string, unknown>>; readonly aborted: boolean }
  | { readonly type: 'error'; readonly error: SerializedError };

/** An error as it crosses threads: a derand error keeps its code, message and details. */
export interface SerializedError {
  readonly derand: boolean;
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly stack?: string;
}

/**
 * Rebuilds an error that crossed threads: a derand error keeps its code (and so its exit code),
 * message and details; another error its message and stack.
 *
 * @param error - what {@link serializeError} made of it
 * @example throw errorFromThread(message.error);
 */
export function errorFromThread(error: SerializedError): Error {
  if (error.derand) {
    const rebuilt = new DerandError(error.code ?? 'INTERNAL', error.message, { details: error.details ?? {} });
    rebuilt.name = error.name;
    return rebuilt;
  }
  const rebuilt = new Error(error.message);
  if (error.stack !== undefined) rebuilt.stack = error.stack;
  return rebuilt;
}

/** How a thread run ended: the result, whether Ctrl-C or the time limit stopped it, and the backend it ran on. */
export interface ThreadOutcome {
  readonly result: unknown;
  readonly interrupted: boolean;
  /** The run's signal read as aborted at the end (Ctrl-C or the time limit). */
  readonly aborted: boolean;
  readonly backend: string;
  /** What the backend reported when it started (implementation, SIMD, threads …). */
  readonly backendDetails: Readonly<Record<string, unknown>>;
}

/**
 * Runs a solver in a worker thread, so that the main thread's event loop stays free to take
 * Ctrl-C while the solver's synchronous loops run: the first Ctrl-C sets a flag in shared memory
 * that the solver's signal reads at its next check (it returns the best result so far); a second
 * one ends the process at once. Files are read in the main thread (standard input included), so
 * every read is recorded where the run's provenance is kept; events are forwarded to `emit`.
 *
 * @param run - solver id, parsed options, seed, backend, plugin files, time limit, memory budget
 * @param host - where events go and how files are read
 * @example const { result, interrupted } = await runSolverInThread({ solver: 'maxcut', options, seed: 0, backend: 'wasm', plugins: [] }, { emit, files });
 */
export async function runSolverInThread(run: ThreadRun, host: { readonly emit: (event: SolverEvent) => void; readonly files: FileAccess }): Promise<ThreadOutcome> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./solver-worker.js', import.meta.url), { workerData: { run, flag } });
  const onSignal = (): void => {
    if (Atomics.load(flag, 0) !== 0) {
      process.stderr.write('interrupted again: quitting now.\n');
      void worker.terminate();
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    Atomics.store(flag, 0, 1);
    process.stderr.write('interrupted: stopping at the next check with the best result so far; press Ctrl-C again to quit now.\n');
  };
  process.on('SIGINT', onSignal);
  try {
    return await new Promise<ThreadOutcome>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'event') host.emit(message.event);
        else if (message.type === 'read') {
          host.files.read(message.name).then(
            (bytes) => worker.postMessage({ type: 'read', id: message.id, bytes }),
            (error: unknown) => worker.postMessage({ type: 'read', id: message.id, error: serializeError(error) }),
          );
        } else if (message.type === 'done') resolve({ result: message.result, interrupted: Atomics.load(flag, 0) !== 0, aborted: message.aborted, backend: message.backend, backendDetails: message.backendDetails ?? {} });
        else reject(errorFromThread(message.error));
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the solver thread exited with code ${code} before it answered`)));
    });
  } finally {
    process.off('SIGINT', onSignal);
    void worker.terminate();
  }
}

/**
 * An error in a form that crosses threads (structured clone keeps neither classes nor symbols).
 *
 * @param error - anything thrown
 * @example port.postMessage({ type: 'error', error: serializeError(error) });
 */
export function serializeError(error: unknown): SerializedError {
  if (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[Symbol.for('derand.error')] === true) {
    const e = error as DerandError;
    return { derand: true, name: e.name, code: e.code, message: e.message, details: JSON.parse(JSON.stringify(e.details)) as Record<string, unknown> };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { derand: false, name: e.name, message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) };
}
