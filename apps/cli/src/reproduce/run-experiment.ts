import { DerandError, type SolverEvent } from '@derand/registry';
import { BUNDLED_DATA_DIR, findDataFile } from './data-files.js';
import type { Experiment, ExperimentContext, ExperimentOutput } from './experiment.js';
import type { Provenance } from '../provenance.js';

/**
 * Runs one experiment: each of its solver runs through the registry (the path `derand run`
 * takes), with progress on stderr, then its summary. Data files are read from the data folder,
 * else from the instances shipped with the CLI. One that neither has fails the run, unless the
 * user asked to skip such experiments (`--skip-missing`): then it is reported as skipped, with
 * the reason, and counted as such in results.json and the report.
 *
 * @throws DerandError DATA_MISSING naming the files and where they were looked for
 */
export async function runExperiment(experiment: Experiment, context: ExperimentContext): Promise<ExperimentOutput> {
  const missing = (experiment.data ?? []).filter((file) => findDataFile(context.dataDir, file) === undefined);
  if (missing.length > 0) {
    const where = `${context.dataDir === undefined ? 'no data folder (DERAND_DATA_DIR unset and no ../shared/data)' : context.dataDir} nor ${BUNDLED_DATA_DIR}`;
    if (context.skipMissing !== true) {
      throw new DerandError(
        'DATA_MISSING',
        `Experiment '${experiment.id}' needs ${missing.join(', ')}, found in neither ${where}. Set DERAND_DATA_DIR to a folder holding gset/ and maxcut-small/, or pass --skip-missing to report it as skipped.`,
        { details: { experiment: experiment.id, missing } },
      );
    }
    return {
      summary: `Skipped (--skip-missing): ${missing.join(', ')} found in neither ${where}.`,
      config: { missing },
      metrics: {},
      skipped: { reason: `${missing.join(', ')} not found`, missing },
    };
  }
  const [{ runSolver }, { nodeFiles }, { withProvenance }, { packageVersions }] = await Promise.all([import('@derand/registry'), import('@derand/core/node'), import('../provenance.js'), import('./versions.js')]);
  const packages = packageVersions();
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
    const files = nodeFiles();
    const started = performance.now();
    const result = await runSolver(context.registry, spec, { registry: context.registry, backend: context.backend, seed: context.seed, emit, files, ...(context.signal === undefined ? {} : { signal: context.signal }) });
    const config = context.registry.parseOptions('solver', spec.solver, spec.options);
    results[label] = withProvenance(result, { solver: spec.solver, config, seed: context.seed, backend: context.backend, ...(context.backendDetails === undefined ? {} : { backendDetails: context.backendDetails }), packages, data: files.reads, totalSeconds: (performance.now() - started) / 1000 });
    bar?.done();
    // a Ctrl-C during the (synchronous) run is delivered on this turn of the event loop; a run it
    // stopped is not a result to keep: the experiment starts over on --resume
    await new Promise((resolve) => setImmediate(resolve));
    if (isAborted(context.signal)) throw interrupted(experiment.id);
  }
  const output = await experiment.summarize(results, context);
  const provenance = Object.fromEntries(Object.entries(results).map(([label, r]) => [label, (r as { provenance?: Provenance }).provenance ?? null]));
  return { ...output, config: runs, provenance };
}

function interrupted(id: string): DerandError {
  return new DerandError('INTERRUPTED', `Interrupted by Ctrl-C during experiment '${id}'. The checkpoint keeps every experiment finished before it; continue with --resume.`);
}

/** Read through a call, so that the check after a run is not narrowed away by the one before it. */
const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;
