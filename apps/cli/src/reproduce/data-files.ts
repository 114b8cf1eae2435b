import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DerandError } from '@derand/registry';

/** The instances shipped with the CLI (`apps/cli/data`: G1, the paper's graph, g05_60.0), with their sources in its README. */
export const BUNDLED_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

let bundledSums: Map<string, string> | undefined;
function bundledSha256(relative: string): string | undefined {
  bundledSums ??= new Map(
    readFileSync(join(BUNDLED_DATA_DIR, 'SHA256SUMS'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [sum, file] = line.split(/\s+/);
        return [file!, sum!] as [string, string];
      }),
  );
  return bundledSums.get(relative);
}

/** Where a data file was found: the user's data folder first, else the instances shipped with the CLI. */
export interface FoundDataFile {
  readonly path: string;
  readonly from: 'data-dir' | 'bundled';
}

/**
 * Finds a data file of `derand reproduce` by its path relative to a data folder: in `dataDir`
 * (`DERAND_DATA_DIR`, default `../shared/data`) when it is there, else among the instances
 * shipped with the CLI, whose SHA-256 is checked against `SHA256SUMS` before it is used.
 *
 * @returns the path, or undefined when neither place has it
 * @throws DerandError when a shipped file does not match its SHA-256
 * @example findDataFile(undefined, 'gset/G1.txt')?.from; // 'bundled'
 */
export function findDataFile(dataDir: string | undefined, relative: string): FoundDataFile | undefined {
  if (dataDir !== undefined && existsSync(join(dataDir, relative))) return { path: join(dataDir, relative), from: 'data-dir' };
  const bundled = join(BUNDLED_DATA_DIR, relative);
  const expected = bundledSha256(relative);
  if (expected === undefined || !existsSync(bundled)) return undefined;
  const actual = createHash('sha256').update(readFileSync(bundled)).digest('hex');
  if (actual !== expected) {
    throw new DerandError('DATA_CORRUPT', `${bundled} does not match its SHA-256 in ${join(BUNDLED_DATA_DIR, 'SHA256SUMS')} (${actual} ≠ ${expected}). Restore it from the repository (git checkout -- apps/cli/data).`);
  }
  return { path: bundled, from: 'bundled' };
}

/** The path a run reads for `relative`: found as in {@link findDataFile}, else where the data folder would hold it (the run then names the missing file). */
export function dataFile(dataDir: string | undefined, relative: string): string {
  return findDataFile(dataDir, relative)?.path ?? join(dataDir ?? BUNDLED_DATA_DIR, relative);
}
