// Runs one bundled benchmark script: `node run-bench.mjs BENCH.js [its arguments]`. The cuda
// backends are registered for DERAND_TEST_BACKEND-aware helpers; the script reads its own flags.
import './preamble.mjs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addTestBackend } from '@derand/core/testing';
import { cudaEmulatorBackend } from '../src/emulator.ts';
import { cudaBackend } from '../src/plugin.ts';

const script = process.argv[2];
if (script === undefined) {
  console.error('usage: node run-bench.mjs BENCH.js [arguments]');
  process.exit(2);
}
addTestBackend(cudaBackend);
addTestBackend(cudaEmulatorBackend);
await import(pathToFileURL(resolve(script)).href);
