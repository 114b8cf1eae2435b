import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The folder holding the benchmark data (Gset, Biq Mac): `DERAND_DATA_DIR` if set, else
 * `../shared/data` next to the repository root (found by walking up to `pnpm-workspace.yaml`).
 * Returns `undefined` when absent, so tests and benchmarks can skip with a stated reason.
 */
export function dataDir(from: string = process.cwd()): string | undefined {
  const fromEnv = process.env['DERAND_DATA_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? resolve(fromEnv) : undefined;
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
      const candidate = resolve(dir, '..', 'shared', 'data');
      return existsSync(candidate) ? candidate : undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Why data-dependent tests skip: pass it to `context.skip(reason)`. */
export const DATA_DIR_MISSING =
  'benchmark data folder not found: set DERAND_DATA_DIR to a folder with gset/ and maxcut-small/ (default ../shared/data)';
