/**
 * A worker thread of the SDP's sweeps ({@link sweepRunner}): it rebuilds the views on the shared
 * memory and updates its part of every colour class the main thread starts ({@link serveTeam}).
 */
import { workerData } from 'node:worker_threads';
import { serveTeam } from '../threads/node-threads.js';
import { runClassPart, sweepViews, type SweepShared } from './mixing-threads.js';

const { shared, part } = workerData as { shared: SweepShared; part: number };
const views = sweepViews(shared, shared.data);
serveTeam(new Int32Array(shared.control), `SDP worker ${part}`, (c) => runClassPart(views, c, part, shared.parts));
