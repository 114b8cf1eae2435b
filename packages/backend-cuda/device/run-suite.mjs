/* global performance */
// Runs one bundled test file with the mini runner: `node run-suite.mjs SUITE.mjs [--out FILE]`.
// After the preamble (gradients, cpu kernels) it makes the cuda backends selectable by
// DERAND_TEST_BACKEND, loads the suite and runs it. Prints "N passed, N failed, N skipped"
// and exits 1 when a test failed.
import './preamble.mjs';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addTestBackend } from '@derand/core/testing';
import { cudaEmulatorBackend } from '../src/emulator.ts';
import { activeCudaBackend, cudaBackend } from '../src/plugin.ts';
import { runCollected } from './mini-vitest.mjs';

const args = process.argv.slice(2);
const suite = args.find((a) => !a.startsWith('--'));
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
if (suite === undefined) {
  console.error('usage: node run-suite.mjs SUITE.mjs [--out FILE]');
  process.exit(2);
}

addTestBackend(cudaBackend);
addTestBackend(cudaEmulatorBackend);

const started = performance.now();
let results = [];
let loadError;
try {
  await import(pathToFileURL(resolve(suite)).href);
  results = await runCollected();
} catch (error) {
  loadError = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  console.error(`suite ${suite} failed to load or run: ${loadError}`);
}
const count = (state) => results.filter((r) => r.state === state).length;
const cuda = activeCudaBackend();
const summary = {
  suite,
  backend: process.env.DERAND_TEST_BACKEND ?? '(default)',
  seconds: (performance.now() - started) / 1000,
  passed: count('pass'),
  failed: count('fail') + (loadError === undefined ? 0 : 1),
  skipped: count('skip'),
  backendAtEnd: tf.getBackend(),
  ...(cuda === undefined ? {} : { hostFallbackCalls: Object.fromEntries(cuda.hostFallbackCalls), allocator: cuda.allocatorMemory() }),
  ...(loadError === undefined ? {} : { loadError }),
  results,
};
if (out !== undefined) writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
const fallbacks = Object.keys(summary.hostFallbackCalls ?? {});
console.log(`[${summary.backendAtEnd}${fallbacks.length > 0 ? `; host fallbacks: ${fallbacks.join(', ')}` : ''}] ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
process.exit(summary.failed > 0 ? 1 : 0);
