import type { TopLevelSpec } from '@derand/plots';
import type { RunSpec } from '@derand/registry';
import type { CliIO } from '../io.js';
import type { CliRegistry } from '../registry.js';

/** A table in the report and in results.json. */
export interface ResultTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

/** Our figure next to the paper's or a reference figure. */
export interface Comparison {
  readonly quantity: string;
  readonly ours: string | number;
  readonly reference: string | number;
  readonly source: string;
}

/** What one experiment produces; everything here is deterministic for a given seed and backend. */
export interface ExperimentOutput {
  /** A short paragraph for the report: what ran and what it shows. */
  readonly summary: string;
  readonly metrics: Readonly<Record<string, number | string | boolean | null>>;
  /** The solver runs of the experiment, by label: each pasteable into `derand run <solver> --config`. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly tables?: readonly ResultTable[];
  readonly comparisons?: readonly Comparison[];
  /** Wall-clock figures (ms per step, seconds): kept apart, since they differ from run to run. */
  readonly timings?: Readonly<Record<string, number>>;
  /** Vega-Lite specs, rendered to SVG when the report is written. */
  readonly figures?: readonly { readonly title: string; readonly spec: TopLevelSpec }[];
}

export interface ExperimentContext {
  readonly io: CliIO;
  readonly registry: CliRegistry;
  readonly seed: number;
  readonly backend: string;
  readonly quick: boolean;
  /** The data folder (Gset, Biq Mac), when present. */
  readonly dataDir: string | undefined;
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
  /** Data files (relative to the data folder) the runs read; missing ones skip the experiment with the reason. */
  readonly data?: readonly string[];
  /** The solver runs by label, in order. */
  runs(settings: RunSettings): Readonly<Record<string, RunSpec>>;
  /** The report's parts from the runs' results (same labels). */
  summarize(results: Readonly<Record<string, unknown>>, context: ExperimentContext): Promise<Omit<ExperimentOutput, 'config'>>;
}
