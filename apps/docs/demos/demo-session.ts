import type { RunSpec, SolverEvent } from '@derand/registry';
import type { EngineReport, RunRequest, WorkerMessage } from './protocol.js';

/** What a demo page hears from a run. */
export interface RunHandlers {
  readonly engine: (engine: EngineReport) => void;
  readonly event: (event: SolverEvent) => void;
  readonly result: (result: unknown, seconds: number, tensors: { readonly before: number; readonly after: number }) => void;
  readonly error: (message: string) => void;
}

/** A demo's connection to its worker: one run at a time. */
export interface DemoSession {
  /** Starts a run (stopping one in progress); the handlers hear only this run. */
  run(spec: RunSpec, seed: number, handlers: RunHandlers): void;
  /** Stops the run in progress by terminating the worker (its loop cannot be interrupted otherwise). */
  stop(): void;
  /** Releases the worker. */
  dispose(): void;
}

/**
 * A session with the demo worker. The worker is created on the first run and kept, so the wasm
 * backend starts once per page; `stop` terminates it and the next run starts a new one.
 *
 * @param baseUrl - what the worker resolves data file names against (the page's URL).
 * @example const session = createDemoSession(location.href); session.run({ solver: 'maxcut', options }, 0, handlers);
 */
export function createDemoSession(baseUrl: string): DemoSession {
  let worker: Worker | undefined;
  let current = 0;
  let handlers: RunHandlers | undefined;

  const start = (): Worker => {
    const created = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'derand-demo' });
    created.onmessage = (message: MessageEvent<WorkerMessage>) => {
      const data = message.data;
      if (data.id !== current || handlers === undefined) return;
      if (data.type === 'engine') handlers.engine(data.engine);
      else if (data.type === 'event') handlers.event(data.event);
      else if (data.type === 'result') handlers.result(data.result, data.seconds, data.tensors);
      else handlers.error(data.message);
    };
    created.onerror = (event) => handlers?.error(event.message || 'the demo worker failed to start');
    return created;
  };

  const stop = (): void => {
    worker?.terminate();
    worker = undefined;
    handlers = undefined;
  };

  return {
    run: (spec, seed, given) => {
      if (handlers !== undefined) stop();
      current += 1;
      handlers = given;
      worker ??= start();
      const request: RunRequest = { type: 'run', id: current, spec, seed, baseUrl };
      worker.postMessage(request);
    },
    stop,
    dispose: stop,
  };
}
