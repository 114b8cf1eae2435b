import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Where a package's entry file is: resolved from here, else from the derand package that depends on it (tfjs-backend-wasm is a dependency of @derand/backend-wasm, not of the CLI). */
function entryOf(name: string): string {
  try {
    return fileURLToPath(import.meta.resolve(name));
  } catch {
    return createRequire(fileURLToPath(import.meta.resolve('@derand/backend-wasm'))).resolve(name);
  }
}

const PACKAGES = [
  '@derand/registry',
  '@derand/core',
  '@derand/backend-wasm',
  '@derand/models',
  '@derand/losses',
  '@derand/structure-discovery',
  '@derand/maxcut',
  '@derand/jl',
  '@derand/plots',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
] as const;

/** Versions of the packages a run used, read from their package.json files. */
export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      let dir = dirname(entryOf(name));
      for (let i = 0; i < 6; i++) {
        try {
          const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
          if (manifest.name === name) {
            versions[name] = manifest.version ?? 'unknown';
            break;
          }
        } catch {
          // keep walking up
        }
        dir = dirname(dir);
      }
    } catch {
      versions[name] = 'not installed';
    }
  }
  versions['@derand/cli'] = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  versions['node'] = process.version;
  return versions;
}
