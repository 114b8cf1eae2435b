import type { TopLevelSpec } from '@derand/plots';
import type { RunSpec } from '@derand/registry';
import type { CliIO } from '../io.js';
import type { CliRegistry } from '../registry.js';
import type { Claim } from './claim.js';
import type { Provenance } from '../provenance.js';

/** A table in the report and in results.json. */
export interface ResultTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

export type { Claim } from './claim.js';

/** What one experiment produces; everything here is deterministic for a given seed and backend. */
export interface ExperimentOutput {
  /**
   * A short paragraph for the report: what ran (the method, the data, the settings). It states no
   * outcome: outcomes are `claims`, each checked against this run's measurements.
   */
  readonly summary: string;
  readonly metrics: Readonly<Record<string, number | string | boolean | null>>;
  /** The solver runs of the experiment, by label: each pasteable into `derand run <solver> --config`. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly tables?: readonly ResultTable[];
  /** Every outcome the report states, as a check of a measured value against a reference. */
  readonly claims?: readonly Claim[];
  /** Wall-clock figures (ms per step, seconds): kept apart, since they differ from run to run. */
  readonly timings?: Readonly<Record<string, number>>;
  /** Each solver run's provenance (format, resolved config, seed, backend, package versions, data files with SHA-256, stage timings), by label. */
  readonly provenance?: Readonly<Record<string, Provenance | null>>;
  /** Set when the experiment did not run (its data is missing and the user passed `--skip-missing`). */
  readonly skipped?: { readonly reason: string; readonly missing: readonly string[] };
  /** Vega-Lite specs, rendered to SVG when the report is written. */
  readonly figures?: readonly { readonly title: string; readonly spec: TopLevelSpec }[];
}

export interface ExperimentContext {
  readonly io: CliIO;
  readonly registry: CliRegistry;
  readonly seed: number;
  readonly backend: string;
  /** What the backend reported when it started (implementation, SIMD, threads …). */
  readonly backendDetails?: Readonly<Record<string, unknown>>;
  readonly quick: boolean;
  /** The data folder (Gset, Biq Mac), when present; files it lacks are read from the instances shipped with the CLI. */
  readonly dataDir: string | undefined;
  /** Report an experiment whose data is found nowhere as skipped instead of failing the run. */
  readonly skipMissing?: boolean;
  /** Aborted by Ctrl-C: the experiment stops between runs (and its loops at their next check). */
  readonly signal?: AbortSignal;
}

/** What decides an experiment's runs. */
export interface RunSettings {
  readonly quick: boolean;
  readonly seed: number;
  /** The data folder, for experiments that read instances (absent: those runs name no file). */
  readonly dataDir?: string | undefined;
}

/**
 * One experiment of `derand reproduce`: solver runs as plain data (a solver id and its JSON
 * options, the same path as `derand run`), then a summary of their results for the report.
 */
export interface Experiment {
  readonly id: string;
  readonly section: 'Derandomization lemma' | 'Structure discovery' | 'MAXCUT' | 'Johnson–Lindenstrauss';
  readonly title: string;
  /** Rough wall-clock seconds on a 2-core machine with wasm: [quick, full]. */
  readonly expectedSeconds: readonly [number, number];
  /** Data files (relative to the data folder) the runs read; one found nowhere fails the run (or, with `--skip-missing`, skips the experiment). */
  readonly data?: readonly string[];
  /** The solver runs by label, in order. */
  runs(settings: RunSettings): Readonly<Record<string, RunSpec>>;
  /** The report's parts from the runs' results (same labels). */
  summarize(results: Readonly<Record<string, unknown>>, context: ExperimentContext): Promise<Omit<ExperimentOutput, 'config'>>;
}
