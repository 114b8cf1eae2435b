import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DerandError } from '@derand/registry';
import type { CliIO } from '../io.js';
import type { CliRegistry } from '../registry.js';
import { assertSameRun, checkpointPath, readCheckpoint, type Checkpoint, type RunIdentity } from './checkpoint.js';
import type { Experiment, ExperimentOutput } from './experiment.js';
import { reportHtml } from './report-html.js';
import { runExperiment } from './run-experiment.js';
import { packageVersions } from './versions.js';

export interface ReproduceOptions {
  readonly experiments: readonly Experiment[];
  readonly out: string;
  readonly resume: boolean;
  readonly seed: number;
  readonly backend: string;
  /** What the backend reported when it started, recorded in each run's provenance. */
  readonly backendDetails?: Readonly<Record<string, unknown>>;
  readonly quick: boolean;
  readonly io: CliIO;
  readonly registry: CliRegistry;
  readonly dataDir: string | undefined;
  /** Report experiments whose data is found nowhere as skipped instead of failing. */
  readonly skipMissing?: boolean;
  /** Ctrl-C: stop after the current run, the checkpoint holding every experiment finished. */
  readonly signal?: AbortSignal;
}

export interface ReproduceSummary {
  readonly out: string;
  readonly report: string;
  readonly results: string;
  readonly experiments: readonly { readonly id: string; readonly seconds: number; readonly resumed: boolean }[];
  readonly totalSeconds: number;
  /** Experiments skipped for missing data (only with `--skip-missing`). */
  readonly skipped: readonly string[];
  /** Claims checked over all experiments, and those not held (by experiment id and claim). */
  readonly claims: { readonly checked: number; readonly held: number; readonly notHeld: readonly string[] };
}

/** Removes `timings` fields, for comparing two runs' results. */
export function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'timings').map(([k, v]) => [k, withoutTimings(v)]));
  }
  return value;
}

/**
 * Runs the experiments in order, writing an atomic checkpoint after each, so an interrupted
 * run resumes where it stopped (`--resume`) and gives the same results; then renders the
 * figures and writes results.json and report.html, each atomically (the report last).
 */
export async function runReproduce(options: ReproduceOptions): Promise<ReproduceSummary> {
  const { writeFileAtomic } = await import('@derand/core/node');
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const identity: RunIdentity = { seed: options.seed, backend: options.backend, quick: options.quick, experiments: options.experiments.map((e) => e.id) };
  let checkpoint: Checkpoint | undefined = readCheckpoint(out);
  if (checkpoint !== undefined && !options.resume) {
    throw new DerandError('RUN_EXISTS', `${out} already holds a run (${checkpointPath(out)}). Add --resume to continue it, or choose another --out.`);
  }
  if (checkpoint !== undefined) assertSameRun(checkpoint, identity, out);
  if (checkpoint === undefined && options.resume && existsSync(join(out, 'results.json'))) {
    throw new DerandError('RESUME_NOTHING', `${out} has no checkpoint to resume.`);
  }
  checkpoint ??= { format: 'derand-reproduce-checkpoint/1', identity, startedAt: new Date().toISOString(), completed: {} };
  const completed: Record<string, { output: ExperimentOutput; seconds: number }> = { ...checkpoint.completed };
  const summary: { id: string; seconds: number; resumed: boolean }[] = [];
  const t0 = performance.now();
  for (const experiment of options.experiments) {
    const done = completed[experiment.id];
    if (done !== undefined) {
      options.io.log(`✓ ${experiment.title} (from checkpoint)`);
      summary.push({ id: experiment.id, seconds: done.seconds, resumed: true });
      continue;
    }
    options.io.log(`▶ ${experiment.title}`);
    const start = performance.now();
    const output = await runExperiment(experiment, {
      io: options.io,
      registry: options.registry,
      seed: options.seed,
      backend: options.backend,
      ...(options.backendDetails === undefined ? {} : { backendDetails: options.backendDetails }),
      quick: options.quick,
      dataDir: options.dataDir,
      ...(options.skipMissing === true ? { skipMissing: true } : {}),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const seconds = (performance.now() - start) / 1000;
    completed[experiment.id] = { output, seconds };
    writeFileAtomic(checkpointPath(out), JSON.stringify({ ...checkpoint, completed }));
    options.io.log(`✓ ${experiment.title} in ${seconds.toFixed(1)} s`);
    summary.push({ id: experiment.id, seconds, resumed: false });
  }

  const { renderSvg } = await import('@derand/plots');
  const rendered: { experiment: Experiment; output: ExperimentOutput; seconds: number; svgs: string[] }[] = [];
  for (const experiment of options.experiments) {
    const { output, seconds } = completed[experiment.id]!;
    const svgs: string[] = [];
    for (const [i, figure] of (output.figures ?? []).entries()) {
      const svg = await renderSvg(figure.spec);
      writeFileAtomic(join(out, 'figures', `${experiment.id}-${i + 1}.svg`), svg);
      svgs.push(svg);
    }
    rendered.push({ experiment, output, seconds, svgs });
  }
  const versions = packageVersions();
  const skipped = rendered.filter(({ output }) => output.skipped !== undefined).map(({ experiment }) => experiment.id);
  const allClaims = rendered.flatMap(({ experiment, output }) => (output.claims ?? []).map((claim) => ({ id: experiment.id, claim })));
  const claims = { checked: allClaims.length, held: allClaims.filter((c) => c.claim.holds).length, notHeld: allClaims.filter((c) => !c.claim.holds).map((c) => `${c.id}: ${c.claim.claim}`) };
  const results = {
    format: 'derand-reproduce-results/2',
    seed: options.seed,
    backend: options.backend,
    quick: options.quick,
    versions,
    skipped,
    claims,
    experiments: Object.fromEntries(
      rendered.map(({ experiment, output }) => [
        experiment.id,
        {
          section: experiment.section,
          title: experiment.title,
          summary: output.summary,
          ...(output.skipped === undefined ? {} : { skipped: output.skipped }),
          config: output.config,
          provenance: output.provenance ?? {},
          metrics: output.metrics,
          claims: output.claims ?? [],
          tables: output.tables ?? [],
          figures: (output.figures ?? []).map((f, i) => ({ title: f.title, file: `figures/${experiment.id}-${i + 1}.svg` })),
        },
      ]),
    ),
    timings: {
      startedAt: checkpoint.startedAt,
      finishedAt: new Date().toISOString(),
      thisInvocationSeconds: (performance.now() - t0) / 1000,
      experimentSeconds: Object.fromEntries(rendered.map(({ experiment, seconds }) => [experiment.id, seconds])),
      experiments: Object.fromEntries(rendered.map(({ experiment, output }) => [experiment.id, output.timings ?? {}])),
    },
  };
  const resultsPath = join(out, 'results.json');
  writeFileAtomic(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  const reportPath = join(out, 'report.html');
  writeFileAtomic(
    reportPath,
    reportHtml({
      title: `derand reproduce${options.quick ? ' --quick' : ''}`,
      meta: {
        seed: String(options.seed),
        backend: options.backend,
        'derand version': versions['@derand/cli'] ?? 'unknown',
        'tfjs-core': versions['@tensorflow/tfjs-core'] ?? 'unknown',
        node: versions['node'] ?? process.version,
        started: checkpoint.startedAt,
        claims: `${claims.held} of ${claims.checked} held`,
        skipped: skipped.length === 0 ? 'none' : skipped.join(', '),
      },
      experiments: rendered,
    }),
  );
  return {
    out,
    report: reportPath,
    results: resultsPath,
    experiments: summary,
    totalSeconds: Object.values(completed).reduce((s, c) => s + c.seconds, 0),
    skipped,
    claims,
  };
}
