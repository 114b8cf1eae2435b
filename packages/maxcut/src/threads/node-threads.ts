/**
 * Node's worker threads, where this runtime has them: the SDP sweeps and the rounding's host loop
 * split their work over them. A browser (or any runtime without `process.getBuiltinModule`,
 * `node:worker_threads` or `SharedArrayBuffer`) gets `undefined` and runs on one thread.
 */

export type WorkerLike = { terminate(): unknown; unref(): void };
export type WorkerConstructor = new (url: URL, options: { workerData: unknown }) => WorkerLike;

type BuiltinGetter = (id: string) => unknown;
const builtin = (): BuiltinGetter | undefined => {
  const get = (globalThis as { process?: { getBuiltinModule?: BuiltinGetter } }).process?.getBuiltinModule;
  return typeof get === 'function' ? get : undefined;
};

/** Node's Worker and the machine's parallelism, where this runtime has them (not in a browser). */
export function nodeThreads(): { Worker: WorkerConstructor; parallelism: number } | undefined {
  const get = builtin();
  if (get === undefined || typeof SharedArrayBuffer !== 'function') return undefined;
  const threads = get('node:worker_threads') as { Worker?: WorkerConstructor } | undefined;
  const os = get('node:os') as { availableParallelism?: () => number } | undefined;
  if (threads?.Worker === undefined || os?.availableParallelism === undefined) return undefined;
  return { Worker: threads.Worker, parallelism: os.availableParallelism() };
}

/**
 * A worker script of this package by its path under `src/` (for example
 * `rounding/host-pass-worker.js`): the compiled file beside this module, or the package's build
 * when running from sources; `undefined` where neither exists.
 */
export function workerUrl(path: string): URL | undefined {
  const fs = builtin()?.('node:fs') as { existsSync(path: URL): boolean } | undefined;
  if (fs === undefined) return undefined;
  const sibling = new URL(`../${path}`, import.meta.url);
  if (fs.existsSync(sibling)) return sibling;
  const built = new URL(`../../dist/${path}`, import.meta.url);
  return fs.existsSync(built) ? built : undefined;
}

/**
 * Waits (blocking this thread, which Node allows) until `count` workers have raised the `ready`
 * word, one has raised `failed`, or `ms` milliseconds have passed; true when all are ready.
 */
export function awaitReady(control: Int32Array, ready: number, failed: number, count: number, ms: number): boolean {
  const deadline = performance.now() + ms;
  while (Atomics.load(control, ready) < count && Atomics.load(control, failed) === 0 && performance.now() < deadline) {
    Atomics.wait(control, ready, Atomics.load(control, ready), 50);
  }
  return Atomics.load(control, ready) >= count && Atomics.load(control, failed) === 0;
}

/**
 * Waits until `control[index]` differs from `value`: a short spin first (a hand-off between two
 * busy threads takes microseconds, a futex wake-up tens of them), then `Atomics.wait`.
 */
export function waitWhileEqual(control: Int32Array, index: number, value: number, spins = 20_000): void {
  for (let s = 0; s < spins; s++) if (Atomics.load(control, index) !== value) return;
  Atomics.wait(control, index, value);
}
