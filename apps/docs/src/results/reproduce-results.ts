import type { Claim, Provenance } from '@derand/cli';

/** A table of a reproduce experiment. */
export interface ResultTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

/** A claim of the report as `derand reproduce` checked it. */
export type ResultClaim = Claim;

/** One experiment as `derand reproduce` writes it into results.json. */
export interface ExperimentResult {
  readonly section: string;
  readonly title: string;
  /** The solver runs by label: `{ solver, options }`, each pasteable into `derand run`. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, number | string | boolean | null>>;
  /** What the run shows, as checks: a measured value, a reference, the comparison and whether it held. */
  readonly claims: readonly ResultClaim[];
  /** Set when the experiment did not run for missing data (`--skip-missing`). */
  readonly skipped?: { readonly reason: string };
  /** Each solver run's provenance by label (format `derand.result` v1): the files it read with their SHA-256, versions, backend. */
  readonly provenance?: Readonly<Record<string, Pick<Provenance, 'data' | 'packages'> | null>>;
  readonly tables: readonly ResultTable[];
  readonly figures: readonly { readonly title: string; readonly file: string }[];
}

/** results.json of `derand reproduce` (format `derand-reproduce-results/2`). */
export interface ReproduceResults {
  readonly format: string;
  readonly seed: number;
  readonly backend: string;
  readonly quick: boolean;
  readonly versions: Readonly<Record<string, string>>;
  readonly experiments: Readonly<Record<string, ExperimentResult>>;
  readonly timings: {
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly experimentSeconds: Readonly<Record<string, number>>;
  };
}

/**
 * Reads results.json text, checking its format so that a file of another shape fails the
 * site build with a clear message instead of rendering a broken page.
 *
 * @throws Error naming what is missing.
 * @example const results = parseReproduceResults(readFileSync('data/results/results.json', 'utf8'));
 */
export function parseReproduceResults(text: string): ReproduceResults {
  const results = JSON.parse(text) as Partial<ReproduceResults>;
  if (results.format !== 'derand-reproduce-results/2') throw new Error(`results.json has format '${String(results.format)}', expected 'derand-reproduce-results/2'; refresh it with scripts/refresh-results.mjs`);
  if (results.experiments === undefined || Object.keys(results.experiments).length === 0) throw new Error('results.json lists no experiments');
  if (results.timings === undefined) throw new Error('results.json has no timings');
  return results as ReproduceResults;
}
