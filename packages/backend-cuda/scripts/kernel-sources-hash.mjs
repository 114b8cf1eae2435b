// The content hash kernels-used.json is recorded against: the device kernel sources
// (packages/backend-cuda/src/kernels), the recording scripts, and every test suite of the recorded
// packages (*.test.ts outside node_modules, dist and build). record-kernels.mjs writes it;
// src/kernel-coverage.test.ts recomputes it and fails when the file is stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(packageRoot, '..', '..');

/** The command that re-records kernels-used.json (run from the repository root). */
export const REFRESH_COMMAND = 'pnpm --filter @derand/backend-cuda build && node packages/backend-cuda/scripts/record-kernels.mjs';

const SKIP = new Set(['node_modules', 'dist', 'build', '.turbo', '.reports', '.device']);

function walk(dir, keep, found) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, keep, found);
    else if (keep(entry.name)) found.push(path);
  }
  return found;
}

/** Repository-relative paths (with '/') of the files the hash covers, sorted. */
export function kernelSourceFiles(folders) {
  const files = [
    ...walk(join(packageRoot, 'src', 'kernels'), (name) => name.endsWith('.ts'), []),
    ...['record-kernels.mjs', 'record-kernels.setup.mjs', 'record-kernels.config.mjs', 'kernel-sources-hash.mjs'].map((name) => join(packageRoot, 'scripts', name)),
    ...folders.flatMap((folder) => walk(join(repoRoot, folder), (name) => name.endsWith('.test.ts'), [])),
  ];
  return [...new Set(files.map((file) => relative(repoRoot, file).split(sep).join('/')))].sort();
}

/** SHA-256 over each covered file's path and content, and how many files it covers. */
export function kernelSourcesHash(folders) {
  const hash = createHash('sha256');
  const files = kernelSourceFiles(folders);
  for (const file of files) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(repoRoot, file)));
    hash.update('\0');
  }
  return { sha256: hash.digest('hex'), files: files.length };
}
