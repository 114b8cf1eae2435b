import { canonicalJson, sha256Hex } from './canonical-json.js';

/** A data file a run reads, named as its options name it, with the SHA-256 of its content. */
export interface DataFile {
  readonly name: string;
  readonly sha256: string;
}

/** Everything that decides a run's result, hashed into its run id. */
export interface RunIdentity {
  readonly solver: string;
  /** The resolved options (every default and part option filled in, as --dry-run prints them). */
  readonly options: unknown;
  readonly seed: number;
  readonly backend: string;
  /** Versions of the packages that compute (the @derand packages and tfjs). */
  readonly versions: Readonly<Record<string, string>>;
  readonly data: readonly DataFile[];
  /** SHA-256 of each user plugin file loaded for the run. */
  readonly plugins: readonly string[];
}

/**
 * The stable id of a run: the first 64 bits (16 hex digits) of the SHA-256 of its identity in
 * canonical JSON. Equal identities give equal ids on any machine; a changed option, seed,
 * backend, package version, data file or plugin gives another id, so a stored result is reused
 * only for exactly the run that made it.
 *
 * @example runIdOf({ solver: 'toy', options, seed: 1, backend: 'wasm', versions, data: [], plugins: [] }); // 'a3f09c…'
 */
export function runIdOf(identity: RunIdentity): string {
  const data = [...identity.data].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const plugins = [...identity.plugins].sort();
  return sha256Hex(canonicalJson({ format: 'derand-sweep-run/1', ...identity, data, plugins })).slice(0, 16);
}

/** The id of a sweep: 12 hex digits of the SHA-256 of its sorted run ids (the same runs, the same sweep). */
export function sweepIdOf(runIds: readonly string[]): string {
  return sha256Hex(`derand-sweep/1\u0000${[...runIds].sort().join(',')}`).slice(0, 12);
}
