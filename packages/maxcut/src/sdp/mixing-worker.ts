/**
 * A worker thread of the SDP's sweeps ({@link sweepRunner}): it rebuilds the views on the shared
 * memory, says it is ready, then updates its part of every colour class the main thread starts
 * until told to exit. A failure is flagged in the control words (the main thread throws) and
 * printed on stderr.
 */
import { workerData } from 'node:worker_threads';
import { waitWhileEqual } from '../threads/node-threads.js';
import { EXIT_CLASS, runClassPart, SweepControl, sweepViews, type SweepShared } from './mixing-threads.js';

const { shared, part } = workerData as { shared: SweepShared; part: number };
const views = sweepViews(shared, shared.data);
const control = new Int32Array(shared.control);
let generation = Atomics.load(control, SweepControl.Generation);
Atomics.add(control, SweepControl.Ready, 1);
Atomics.notify(control, SweepControl.Ready);
for (;;) {
  waitWhileEqual(control, SweepControl.Generation, generation);
  generation = Atomics.load(control, SweepControl.Generation);
  const c = Atomics.load(control, SweepControl.Class);
  if (c === EXIT_CLASS) break;
  try {
    runClassPart(views, c, part, shared.parts);
  } catch (error) {
    process.stderr.write(`SDP worker ${part}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    Atomics.store(control, SweepControl.Failed, 1);
  }
  Atomics.add(control, SweepControl.Done, 1);
  Atomics.notify(control, SweepControl.Done);
}
