import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DerandError } from '@derand/registry';
import type { CliIO } from '../io.js';
import type { PlotSettings } from './grid-file.js';
import { openResults } from './results-file.js';
import { manifestOf, parseManifest, readManifestFile, type SweepManifest } from './sweep-manifest.js';
import { writeSummary, type SummaryFiles } from './write-summary.js';
import type { QueueState } from './queue-collect.js';

/** Where a sweep stands, and the summary files written from what has ended so far. */
export interface SweepStatus extends SummaryFiles {
  readonly sweepId: string;
  readonly name: string;
  readonly out: string;
  readonly results: string;
  /** Runs by state: on the queue (completed, failed, active, waiting, delayed, missing), or locally (ok, failed, pending). */
  readonly states: Readonly<Record<string, number>>;
}

/** The default output folder of a sweep. */
export const defaultOut = (name: string): string => join('runs', 'sweeps', name);

/** The output folder under runs/sweeps/ whose sweep.json has this id. */
function findLocal(sweepId: string): string | undefined {
  const root = resolve('runs', 'sweeps');
  if (!existsSync(root)) return undefined;
  return readdirSync(root)
    .map((name) => join(root, name))
    .find((dir) => readManifestFile(join(dir, 'sweep.json'))?.sweepId === sweepId);
}

/**
 * The status of a sweep. With a queue URL: reads the sweep's manifest and every run's state
 * from Redis and appends the records of runs that ended to the output folder's results.jsonl
 * (de-duplicated by run id), so results can be collected at any time, by any machine. Without:
 * reads the output folder. Either way it writes the summary of what has ended.
 *
 * @throws DerandError (SWEEP_UNKNOWN) when neither Redis nor runs/sweeps/ knows the id.
 */
export async function sweepStatus(sweepId: string, options: { readonly queue?: string; readonly out?: string; readonly plot?: (manifest: SweepManifest) => PlotSettings | undefined; readonly io: CliIO }): Promise<SweepStatus> {
  let manifest: SweepManifest | undefined;
  let out: string | undefined = options.out === undefined ? undefined : resolve(options.out);
  let queueStates: Map<string, { state: QueueState }> | undefined;
  const log = { open: undefined as ReturnType<typeof openResults> | undefined };
  try {
    if (options.queue !== undefined) {
      const [{ openQueue }, { queueStates: statesOf }, { manifestKey }] = await Promise.all([import('./queue-submit.js'), import('./queue-collect.js'), import('./queue-connection.js')]);
      const queue = await openQueue(options.queue);
      try {
        const text = await (await queue.getBackend().client).get(manifestKey(sweepId));
        if (text === null) throw new DerandError('SWEEP_UNKNOWN', `Redis at ${options.queue} holds no sweep ${sweepId}. Check the id (derand sweep prints it) and the --queue address.`);
        manifest = parseManifest(text, `${manifestKey(sweepId)} on ${options.queue}`);
        out ??= resolve(defaultOut(manifest.name));
        const states = await statesOf(queue, manifest, manifest.runs);
        queueStates = states;
        log.open = openResults(join(out, 'results.jsonl'));
        for (const { record } of states.values()) if (record !== undefined) log.open.append(record);
      } finally {
        await queue.close();
      }
      if (readManifestFile(join(out, 'sweep.json')) === undefined) (await import('@derand/core/node')).writeFileAtomic(join(out, 'sweep.json'), `${JSON.stringify(manifestOf(manifest), null, 2)}\n`);
    } else {
      out ??= findLocal(sweepId);
      manifest = out === undefined ? undefined : readManifestFile(join(out, 'sweep.json'));
      if (out === undefined || manifest === undefined || manifest.sweepId !== sweepId) {
        throw new DerandError('SWEEP_UNKNOWN', `No sweep ${sweepId} in ${out ?? resolve('runs', 'sweeps')}. Give its folder with --out, or its queue with --queue redis://host:port.`);
      }
      log.open = openResults(join(out, 'results.jsonl'));
    }
    const files = await writeSummary(out, manifest, log.open.records, options.plot?.(manifest) ?? manifest.plot, options.io);
    const states: Record<string, number> = {};
    if (queueStates !== undefined) for (const { state } of queueStates.values()) states[state] = (states[state] ?? 0) + 1;
    else Object.assign(states, { ok: files.summary.ok, failed: files.summary.failed, pending: files.summary.pending });
    return { sweepId, name: manifest.name, out, results: log.open.path, states, ...files };
  } finally {
    log.open?.close();
  }
}
