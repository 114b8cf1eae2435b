/** The name and version of the result format every solver's result carries under `provenance`. */
export const RESULT_FORMAT = 'derand.result';
export const RESULT_FORMAT_VERSION = 1;

/** A data file a run read, as the file access recorded it. */
export interface DataFileRecord {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Where a result came from: the one versioned block every solver's result carries (`derand run`,
 * the named solver commands, `reproduce`), beside the solver's own stage results.
 */
export interface Provenance {
  readonly format: typeof RESULT_FORMAT;
  readonly formatVersion: typeof RESULT_FORMAT_VERSION;
  /** Solver plugin id. */
  readonly solver: string;
  /** The fully resolved options (every default filled in): `derand run <solver> --config` runs it again. */
  readonly config: unknown;
  readonly seed: number;
  readonly backend: { readonly id: string; readonly details: Readonly<Record<string, unknown>> };
  /** Versions of the derand packages, tfjs and Node that ran it. */
  readonly packages: Readonly<Record<string, string>>;
  /** Every file the run read, with its SHA-256. */
  readonly data: readonly DataFileRecord[];
  /** Seconds per stage as the solver measured them, and `total` as the runner measured it. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Every finite number among a solver result's `timings` (or `seconds`) fields, flattened as `stage` or `group.stage`. */
export function stageTimings(result: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const visit = (value: unknown, prefix: string): void => {
    if (typeof value === 'number' && Number.isFinite(value)) out[prefix] = value;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) visit(v, prefix === '' ? k : `${prefix}.${k}`);
  };
  if (typeof result === 'object' && result !== null) {
    const r = result as Record<string, unknown>;
    if (typeof r['timings'] === 'object') visit(r['timings'], '');
    if (typeof r['seconds'] === 'object') visit(r['seconds'], '');
  }
  return out;
}

/**
 * The result with its provenance block added (`{ ...result, provenance }`); a result that is
 * not a plain object is returned as it is.
 *
 * @example withProvenance(result, { solver: 'maxcut', config, seed: 0, backend: { id: 'wasm', details }, packages, data: files.reads, totalSeconds: 4.2 });
 */
export function withProvenance(
  result: unknown,
  run: { readonly solver: string; readonly config: unknown; readonly seed: number; readonly backend: string; readonly backendDetails?: Readonly<Record<string, unknown>>; readonly packages: Readonly<Record<string, string>>; readonly data: readonly DataFileRecord[]; readonly totalSeconds: number },
): unknown {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return result;
  const provenance: Provenance = {
    format: RESULT_FORMAT,
    formatVersion: RESULT_FORMAT_VERSION,
    solver: run.solver,
    config: run.config,
    seed: run.seed,
    backend: { id: run.backend, details: run.backendDetails ?? {} },
    packages: run.packages,
    data: run.data.map(({ name, path, bytes, sha256 }) => ({ name, path, bytes, sha256 })),
    timings: { ...stageTimings(result), total: run.totalSeconds },
  };
  return { ...result, provenance };
}
