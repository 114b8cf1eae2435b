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
 * Waits until `control[index]` differs from `value`: a short spin first (a hand-off between two
 * busy threads takes microseconds, a futex wake-up tens of them), then `Atomics.wait`.
 */
export function waitWhileEqual(control: Int32Array, index: number, value: number, spins = 20_000): void {
  for (let s = 0; s < spins; s++) if (Atomics.load(control, index) !== value) return;
  Atomics.wait(control, index, value);
}

/**
 * The control words a {@link Team} uses at the start of its Int32Array (on shared memory); a
 * runner keeps its own words after them.
 */
export const TeamWord = { Generation: 0, Task: 1, Done: 2, Ready: 3, Failed: 4 } as const;
/** Words {@link TeamWord} takes: a runner's own words start here. */
export const TEAM_WORDS = 5;
/** The task that tells the workers to exit. */
export const TEAM_EXIT = -1;

/**
 * The main thread and `parts − 1` worker threads running one task at a time, each its part: the
 * main thread starts a task, runs part 0, and waits for the workers' parts.
 */
export interface Team {
  readonly parts: number;
  /** Runs `task` on every worker and `mine()` here, then waits; throws when a worker failed. */
  readonly run: (task: number, mine: () => void) => void;
  /** Tells the workers to exit and lets them go. */
  readonly close: () => void;
}

/**
 * Starts `parts − 1` workers of `url` (each gets `workerData: { ...data, part }`, part 1, 2, …)
 * and waits, blocking this thread (the workers need nothing from its event loop), until they
 * are ready: undefined, with the workers stopped, when one failed or 20 s passed. `label` names
 * the work in the error a failed worker causes.
 */
export function startTeam(Worker: WorkerConstructor, url: URL, parts: number, control: Int32Array, data: object, label: string): Team | undefined {
  const workers: WorkerLike[] = [];
  for (let k = 1; k < parts; k++) workers.push(new Worker(url, { workerData: { ...data, part: k } }));
  const close = (): void => {
    Atomics.store(control, TeamWord.Task, TEAM_EXIT);
    Atomics.add(control, TeamWord.Generation, 1);
    Atomics.notify(control, TeamWord.Generation);
    for (const w of workers) {
      w.unref();
      void w.terminate();
    }
  };
  const deadline = performance.now() + 20_000;
  while (Atomics.load(control, TeamWord.Ready) < parts - 1 && Atomics.load(control, TeamWord.Failed) === 0 && performance.now() < deadline) {
    Atomics.wait(control, TeamWord.Ready, Atomics.load(control, TeamWord.Ready), 50);
  }
  if (Atomics.load(control, TeamWord.Ready) < parts - 1 || Atomics.load(control, TeamWord.Failed) !== 0) {
    close();
    return undefined;
  }
  return {
    parts,
    run: (task, mine) => {
      Atomics.store(control, TeamWord.Task, task);
      Atomics.store(control, TeamWord.Done, 0);
      Atomics.add(control, TeamWord.Generation, 1);
      Atomics.notify(control, TeamWord.Generation);
      mine();
      let done: number;
      while ((done = Atomics.load(control, TeamWord.Done)) < parts - 1) waitWhileEqual(control, TeamWord.Done, done);
      if (Atomics.load(control, TeamWord.Failed) !== 0) {
        close();
        throw new Error(`A worker thread of ${label} failed (see its error on stderr).`);
      }
    },
    close,
  };
}

/**
 * A team's worker: says it is ready, then runs `work(task)` for every task the main thread
 * starts until {@link TEAM_EXIT}. A failure is flagged (the main thread throws) and printed on
 * stderr under `label`.
 */
export function serveTeam(control: Int32Array, label: string, work: (task: number) => void): void {
  let generation = Atomics.load(control, TeamWord.Generation);
  Atomics.add(control, TeamWord.Ready, 1);
  Atomics.notify(control, TeamWord.Ready);
  for (;;) {
    waitWhileEqual(control, TeamWord.Generation, generation);
    generation = Atomics.load(control, TeamWord.Generation);
    const task = Atomics.load(control, TeamWord.Task);
    if (task === TEAM_EXIT) break;
    try {
      work(task);
    } catch (error) {
      const stderr = (globalThis as { process?: { stderr?: { write(text: string): unknown } } }).process?.stderr;
      stderr?.write(`${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      Atomics.store(control, TeamWord.Failed, 1);
    }
    Atomics.add(control, TeamWord.Done, 1);
    Atomics.notify(control, TeamWord.Done);
  }
}
