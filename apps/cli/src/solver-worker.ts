// The worker side of runSolverInThread: rebuilds the registry (with the user's plugins), starts
// the engine and runs the solver, with a signal that reads the main thread's Ctrl-C flag.
import { parentPort, workerData } from 'node:worker_threads';
import { deadlineSignal, forwardHostFallbacks, type FileAccess, type SolverEvent } from '@derand/registry';
import { createCliRegistry } from './registry.js';
import { serializeError, type SerializedError, type ThreadRun } from './solver-thread.js';

/**
 * An AbortSignal whose `aborted` reads a flag in shared memory, so that a synchronous loop sees
 * the main thread's Ctrl-C at its next check (no event-loop turn is needed).
 */
function sharedFlagSignal(flag: Int32Array): AbortSignal {
  const controller = new AbortController();
  const signal = controller.signal;
  Object.defineProperty(signal, 'aborted', {
    get: () => {
      if (controller.signal.reason === undefined && Atomics.load(flag, 0) !== 0) controller.abort(new Error('interrupted by Ctrl-C'));
      return controller.signal.reason !== undefined;
    },
  });
  return signal;
}

const port = parentPort!;
const { run, flag } = workerData as { run: ThreadRun; flag: Int32Array };
const pending = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: SerializedError) => void }>();
let nextRead = 0;
port.on('message', (message: { type: 'read'; id: number; bytes?: Uint8Array; error?: SerializedError }) => {
  const waiting = pending.get(message.id);
  pending.delete(message.id);
  if (message.error !== undefined) waiting?.reject(message.error);
  else waiting?.resolve(message.bytes!);
});

const files: FileAccess = {
  read: async (name) => {
    const id = nextRead++;
    const { errorFromThread } = await import('./solver-thread.js');
    return new Promise<Uint8Array>((resolve, reject) => {
      pending.set(id, { resolve, reject: (error) => reject(errorFromThread(error)) });
      port.postMessage({ type: 'read', id, name });
    });
  },
};

try {
  const userPlugins = run.plugins.length === 0 ? [] : await (await import('./plugin-loader.js')).loadPlugins(run.plugins);
  const registry = createCliRegistry(userPlugins);
  const { startEngine } = await import('@derand/core');
  const engine = await startEngine({ backend: run.backend, registry });
  const interrupt = sharedFlagSignal(flag);
  const signal = run.timeLimit === undefined ? interrupt : deadlineSignal(run.timeLimit, interrupt);
  const plugin = registry.resolve('solver', run.solver) as unknown as { run(options: unknown, context: unknown): Promise<unknown> };
  const emit = (event: SolverEvent): void => port.postMessage({ type: 'event', event });
  const stopFallbacks = forwardHostFallbacks(registry, engine.backend, emit);
  const result = await plugin
    .run(run.options, { registry, backend: engine.backend, seed: run.seed, emit, files, signal, ...(run.memoryBytes === undefined ? {} : { memoryBytes: run.memoryBytes }) })
    .finally(stopFallbacks);
  port.postMessage({ type: 'done', result, backend: engine.backend, backendDetails: engine.availability.details ?? {}, aborted: signal.aborted });
} catch (error) {
  port.postMessage({ type: 'error', error: serializeError(error) });
}
