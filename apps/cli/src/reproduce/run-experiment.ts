import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DerandError, type SolverEvent } from '@derand/registry';
import type { Experiment, ExperimentContext, ExperimentOutput } from './experiment.js';

/**
 * Runs one experiment: each of its solver runs through the registry (the path `derand run`
 * takes), with progress on stderr, then its summary. An experiment whose data files are absent
 * is reported as skipped with the reason.
 */
export async function runExperiment(experiment: Experiment, context: ExperimentContext): Promise<ExperimentOutput> {
  const missing = (experiment.data ?? []).filter((file) => context.dataDir === undefined || !existsSync(join(context.dataDir, file)));
  if (missing.length > 0) {
    return {
      summary: `Skipped: ${missing.join(', ')} not found (set DERAND_DATA_DIR to the folder holding gset/ and maxcut-small/; default ../shared/data).`,
      config: { missing },
      metrics: { skipped: true },
    };
  }
  const [{ runSolver }, { nodeFiles }] = await Promise.all([import('@derand/registry'), import('@derand/core/node')]);
  const runs = experiment.runs({ quick: context.quick, seed: context.seed, dataDir: context.dataDir });
  const results: Record<string, unknown> = {};
  for (const [label, spec] of Object.entries(runs)) {
    // a turn of the event loop lets a Ctrl-C arrive between runs (the runs themselves are synchronous)
    await new Promise((resolve) => setImmediate(resolve));
    if (isAborted(context.signal)) throw interrupted(experiment.id);
    let bar: ReturnType<ExperimentContext['io']['progress']> | undefined;
    const emit = (event: SolverEvent): void => {
      if (event.type !== 'progress' || event.total === undefined) return;
      bar ??= context.io.progress(`  ${label}`, event.total);
      bar.update(event.step + 1);
    };
    results[label] = await runSolver(context.registry, spec, { registry: context.registry, backend: context.backend, seed: context.seed, emit, files: nodeFiles(), ...(context.signal === undefined ? {} : { signal: context.signal }) });
    bar?.done();
    // a Ctrl-C during the (synchronous) run is delivered on this turn of the event loop; a run it
    // stopped is not a result to keep: the experiment starts over on --resume
    await new Promise((resolve) => setImmediate(resolve));
    if (isAborted(context.signal)) throw interrupted(experiment.id);
  }
  const output = await experiment.summarize(results, context);
  return { ...output, config: runs };
}

function interrupted(id: string): DerandError {
  return new DerandError('INTERRUPTED', `Interrupted by Ctrl-C during experiment '${id}'. The checkpoint keeps every experiment finished before it; continue with --resume.`);
}

/** Read through a call, so that the check after a run is not narrowed away by the one before it. */
const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;
