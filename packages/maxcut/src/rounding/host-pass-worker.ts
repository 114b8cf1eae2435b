/**
 * A worker thread of the rounding's host loop ({@link hostPassRunner}): it rebuilds the run's
 * views on the shared memory and runs its part of every phase the main thread starts
 * ({@link serveTeam}).
 */
import { workerData } from 'node:worker_threads';
import { serveTeam } from '../threads/node-threads.js';
import { runPhase, runViews, type HostPassShared, type Phase } from './host-pass-threads.js';

const { shared, part } = workerData as { shared: HostPassShared; part: number };
const views = runViews(shared, true);
serveTeam(views.control, `rounding worker ${part}`, (phase) => runPhase(views, phase as Phase, part, shared.parts));
