import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DerandError } from '@derand/registry';
import { sha256Hex } from './canonical-json.js';
import type { DataFile } from './run-id.js';

/** The path a file name in options stands for: a `file:` URL, or a path relative to `root`. */
export function dataPath(name: string, root: string): string {
  return name.startsWith('file:') ? fileURLToPath(name) : resolve(root, name);
}

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() === true;

/** SHA-256 of files by absolute path, each read once however many runs name it. */
export function fileHasher(): (path: string) => string {
  const cache = new Map<string, string>();
  return (path) => {
    let hash = cache.get(path);
    if (hash === undefined) {
      hash = sha256Hex(readFileSync(path));
      cache.set(path, hash);
    }
    return hash;
  };
}

/**
 * The data files a run's options name: every string value (at any depth) that is a `file:`
 * URL or a path to an existing regular file relative to `root`. Solvers read their data
 * through the names their options give (`context.files`), so these are the files a run reads
 * from disk; a file found only at run time (a package's own data) is recorded with the result.
 *
 * @example findDataFiles({ graph: 'G1.txt', rounding: 'derandomized' }, process.cwd(), fileHasher()); // [{ name: 'G1.txt', sha256: '…' }]
 */
export function findDataFiles(options: unknown, root: string, hash: (path: string) => string): DataFile[] {
  const found = new Map<string, DataFile>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value === '' || value.length > 4096 || value.includes('\n') || found.has(value)) return;
      let path: string;
      try {
        path = dataPath(value, root);
      } catch {
        return; // a malformed file: URL is not a file name
      }
      if (isFile(path)) found.set(value, { name: value, sha256: hash(path) });
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk(options);
  return [...found.values()];
}

/**
 * Checks that this machine's copies of a run's data files are the ones its run id names.
 *
 * @throws DerandError (DATA_MISSING, DATA_MISMATCH) naming the file, both hashes and the fix.
 */
export function verifyDataFiles(data: readonly DataFile[], root: string, hash: (path: string) => string, who: string): void {
  for (const file of data) {
    const path = dataPath(file.name, root);
    if (!isFile(path)) {
      throw new DerandError('DATA_MISSING', `${who} has no data file ${file.name} (looked for ${path}); copy it there (sha256 ${file.sha256}) or start the worker with --data-root <folder holding it>.`, { details: { name: file.name, path, expected: file.sha256 } });
    }
    const actual = hash(path);
    if (actual !== file.sha256) {
      throw new DerandError('DATA_MISMATCH', `${who} refuses the run: its ${file.name} (${path}) has sha256 ${actual}, the run names ${file.sha256}. Give this machine the same file.`, {
        details: { name: file.name, path, expected: file.sha256, actual },
      });
    }
  }
}
