/**
 * A worker thread of the rounding's host loop ({@link hostPassRunner}): it rebuilds the run's
 * views on the shared memory, says it is ready, then runs its part of every phase the main
 * thread starts until told to exit. A failure is flagged in the control words (the main thread
 * throws) and printed on stderr.
 */
import { workerData } from 'node:worker_threads';
import { Control, Phase, runPhase, runViews, type HostPassShared } from './host-pass-threads.js';

const { shared, part } = workerData as { shared: HostPassShared; part: number };
const views = runViews(shared, true);
const { control } = views;
let generation = Atomics.load(control, Control.Generation);
Atomics.add(control, Control.Ready, 1);
Atomics.notify(control, Control.Ready);
for (;;) {
  Atomics.wait(control, Control.Generation, generation);
  generation = Atomics.load(control, Control.Generation);
  const phase = Atomics.load(control, Control.Phase) as Phase;
  if (phase === Phase.Exit) break;
  try {
    runPhase(views, phase, part, shared.parts);
  } catch (error) {
    process.stderr.write(`rounding worker ${part}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    Atomics.store(control, Control.Failed, 1);
  }
  Atomics.add(control, Control.Done, 1);
  Atomics.notify(control, Control.Done);
}
