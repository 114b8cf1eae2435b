import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One public entry point of a workspace package: what `import … from '<moduleName>'` reaches. */
export interface ApiEntry {
  /** `@derand/core`. */
  readonly packageName: string;
  /** The import specifier: `@derand/core`, `@derand/core/node`, `@derand/plots/figures/jl`. */
  readonly moduleName: string;
  /** The package folder. */
  readonly packageDir: string;
  /** The TypeScript source the entry is built from. */
  readonly source: string;
}

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
  readonly exports?: Readonly<Record<string, { readonly import?: string } | string>>;
}

function sourceOf(packageDir: string, target: string): string {
  return join(packageDir, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
}

/**
 * Every public entry point of the published workspace packages (`packages/*`, `apps/*`; private
 * ones and those without an `exports` map are left out), read from each package's `exports` map;
 * a pattern export (`./figures/*`) expands to each source file it matches.
 *
 * @param repoRoot - the repository root.
 * @example apiEntries(root).map((e) => e.moduleName); // ['@derand/cli', '@derand/backend-cuda', '@derand/backend-cuda/emulator', …]
 */
export function apiEntries(repoRoot: string): ApiEntry[] {
  const entries: ApiEntry[] = [];
  for (const group of ['apps', 'packages']) {
    const folder = join(repoRoot, group);
    for (const name of readdirSync(folder).sort()) {
      const packageDir = join(folder, name);
      const manifestPath = join(packageDir, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      if (manifest.private === true || manifest.exports === undefined) continue;
      for (const [subpath, target] of Object.entries(manifest.exports)) {
        const file = typeof target === 'string' ? target : target.import;
        if (file === undefined) continue;
        const base = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`;
        if (!subpath.includes('*')) {
          entries.push({ packageName: manifest.name, moduleName: base, packageDir, source: sourceOf(packageDir, file) });
          continue;
        }
        const pattern = sourceOf(packageDir, file);
        const [before, after] = pattern.split('*') as [string, string];
        const dir = before.slice(0, before.lastIndexOf('/'));
        const prefix = before.slice(before.lastIndexOf('/') + 1);
        for (const candidate of readdirSync(dir).sort()) {
          const full = join(dir, candidate);
          if (!full.startsWith(before) || !full.endsWith(after) || /\.test(-d)?\.ts$/.test(full) || full.endsWith('.d.ts')) continue;
          const stem = candidate.slice(prefix.length, candidate.length - after.length);
          entries.push({ packageName: manifest.name, moduleName: base.replace('*', stem), packageDir, source: full });
        }
      }
    }
  }
  return entries;
}

/** The source path of an entry relative to the repository root, for messages. */
export function entryLabel(repoRoot: string, entry: ApiEntry): string {
  return `${entry.moduleName} (${relative(repoRoot, entry.source)})`;
}
