#!/usr/bin/env node
// Records which tfjs kernels the project's packages run: each package's test suite runs (on the
// default backend, cpu) with a setup file that counts engine.runKernel calls; the union is
// written to kernels-used.json with, for each name, whether the cuda backend implements it on
// the device or would run it through the host fallback, and the content hash of the kernel sources
// and suites it was recorded from (kernel-sources-hash.mjs; the coverage test fails when it no
// longer matches). Usage (after the package build):
//   node scripts/record-kernels.mjs [--packages core,models,...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { kernelSourcesHash } from './kernel-sources-hash.mjs';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageRoot, '..', '..');
const DEFAULT = ['packages/core', 'packages/models', 'packages/losses', 'packages/structure-discovery', 'packages/maxcut', 'packages/jl', 'packages/backend-wasm', 'packages/plots', 'apps/cli'];
const flag = process.argv.indexOf('--packages');
const folders = flag >= 0 ? process.argv[flag + 1].split(',').map((p) => (p.includes('/') ? p : `packages/${p}`)) : DEFAULT;

const dist = join(packageRoot, 'dist', 'index.js');
if (!existsSync(dist)) {
  console.error('build the package first (dist/index.js is missing)');
  process.exit(1);
}
const { deviceKernelNames, OPTIONAL_KERNELS } = await import(dist);
const device = new Set(deviceKernelNames);
// run only where a backend registers them, stock ops elsewhere (src/optional-kernels.ts)
const optional = new Set(OPTIONAL_KERNELS);

const scratch = mkdtempSync(join(tmpdir(), 'derand-kernels-'));
const perPackage = {};
for (const folder of folders) {
  const cwd = join(repoRoot, folder);
  if (!existsSync(join(cwd, 'vitest.config.ts'))) continue;
  const log = join(scratch, `${folder.replace('/', '-')}.jsonl`);
  const env = { ...process.env, DERAND_KERNEL_LOG: log };
  delete env.DERAND_TEST_BACKEND;
  const run = spawnSync('npx', ['vitest', 'run', '--config', join(packageRoot, 'scripts', 'record-kernels.config.mjs')], { cwd, env, encoding: 'utf8', timeout: 600_000 });
  const summary = /Tests\s+(.*)/.exec(stripVTControlCharacters(run.stdout ?? ''))?.[1]?.trim() ?? `exit ${run.status}`;
  const kernels = {};
  let files = 0;
  if (existsSync(log)) {
    for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
      files += 1;
      for (const [name, count] of Object.entries(JSON.parse(line).kernels)) kernels[name] = (kernels[name] ?? 0) + count;
    }
  }
  perPackage[folder] = { testFiles: files, tests: summary, kernels: Object.fromEntries(Object.entries(kernels).sort(([a], [b]) => a.localeCompare(b))) };
  console.log(`${folder}: ${Object.keys(kernels).length} kernels from ${files} test files (${summary})`);
}
rmSync(scratch, { recursive: true, force: true });

const all = [...new Set(Object.values(perPackage).flatMap((p) => Object.keys(p.kernels)))].sort();
const result = {
  recordedAt: new Date().toISOString(),
  // the device kernel sources, these scripts and the recorded packages' test suites
  sources: { folders, ...kernelSourcesHash(folders) },
  how: 'each package test suite run on cpu with scripts/record-kernels.setup.mjs counting tf.engine().runKernel calls (node scripts/record-kernels.mjs)',
  kernels: all,
  onDevice: all.filter((k) => device.has(k)),
  optional: all.filter((k) => !device.has(k) && optional.has(k)),
  hostFallback: all.filter((k) => !device.has(k) && !optional.has(k)),
  packages: perPackage,
};
writeFileSync(join(packageRoot, 'kernels-used.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`${all.length} kernels used; on the device: ${result.onDevice.length}; optional (other backends only): ${result.optional.join(', ') || 'none'}; host fallback: ${result.hostFallback.join(', ') || 'none'}`);
