// esbuild bundling of test suites for a machine without node_modules (see pack-device.mjs):
// ESM with code splitting (tfjs and the runner are shared chunks), 'vitest' aliased to
// device/mini-vitest.mjs, tfjs-core's ESM build (so its gradient modules share one copy).
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageRoot, '..', '..');
const require = createRequire(import.meta.url);

/** Resolves `name` as seen from the package whose package.json (or any file) is `from`. */
function resolveFrom(from, name) {
  return createRequire(from).resolve(name);
}


/** The wasm backend's .wasm files (copied beside the bundles so that wasm runs there too). */
export function wasmFiles() {
  const wasmPackage = resolveFrom(join(repoRoot, 'packages', 'backend-wasm', 'package.json'), '@tensorflow/tfjs-backend-wasm/package.json');
  const dist = join(dirname(wasmPackage), 'dist');
  return ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => join(dist, f));
}

/**
 * Rewrites `import.meta.url` in the repository's own sources to the URL the file has in the
 * working tree (relative to the repository root the runner finds at run time), so that tests
 * reading fixtures beside their source (new URL('./fixtures/x', import.meta.url)) still find
 * them after bundling. Dependencies are left alone.
 */
const sourceUrlPlugin = {
  name: 'derand-source-url',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mts|js|mjs)$/ }, async (args) => {
      if (!args.path.startsWith(repoRoot) || args.path.includes('/node_modules/')) return undefined;
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const relativePath = args.path.slice(repoRoot.length + 1);
      const replaced = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(relativePath)}, globalThis.__derandRepoRoot).href`);
      return { contents: replaced, loader: args.path.endsWith('ts') ? 'ts' : 'js' };
    });
  },
};

/** The suite runner's own entry point. */
export const runnerEntry = join(packageRoot, 'device', 'run-suite.mjs');
/** The benchmark runner's entry point. */
export const benchRunnerEntry = join(packageRoot, 'device', 'run-bench.mjs');

/**
 * Bundles `entryPoints` ({ outputName: sourcePath }) into `outdir`. Resolves the assertion
 * library from vitest's own dependencies and the cpu kernels from @derand/core's.
 */
export async function bundleForDevice({ entryPoints, outdir, minify = true }) {
  const esbuild = await import(resolveFrom(join(repoRoot, 'package.json'), 'esbuild'));
  const vitestPackage = require.resolve('vitest/package.json');
  const expectEntry = resolveFrom(vitestPackage, '@vitest/expect');
  const corePackage = join(repoRoot, 'packages', 'core', 'package.json');
  return esbuild.build({
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify,
    keepNames: true,
    logLevel: 'warning',
    metafile: true,
    plugins: [sourceUrlPlugin],
    mainFields: ['module', 'main'],
    alias: {
      vitest: join(packageRoot, 'device', 'mini-vitest.mjs'),
      '@vitest/expect': expectEntry,
      '@vitest/spy': resolveFrom(vitestPackage, '@vitest/spy'),
      chai: resolveFrom(expectEntry, 'chai'),
      // the package folder (its ESM build through mainFields; subpaths like dist/shared resolve too)
      '@tensorflow/tfjs-backend-cpu': dirname(resolveFrom(corePackage, '@tensorflow/tfjs-backend-cpu/package.json')),
    },
    // CommonJS dependencies (seedrandom in tfjs-core) call require() for Node builtins, and the
    // wasm backend finds its .wasm files through __dirname (pack-device copies them beside the chunks).
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { fileURLToPath as __fileURLToPath } from 'node:url';",
        "import { dirname as __dirnameOf } from 'node:path';",
        'const require = __createRequire(import.meta.url);',
        'const __filename = __fileURLToPath(import.meta.url);',
        'const __dirname = __dirnameOf(__filename);',
      ].join(' '),
    },
  });
}
