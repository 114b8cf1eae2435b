import * as tf from '@tensorflow/tfjs-core';
import { startEngine } from '@derand/core';
import { createRegistry, runSolver, type SolverEvent } from '@derand/registry';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { browserFiles } from './browser-files.js';
import { browserPlugins } from './browser-plugins.js';
import type { EngineReport, RunRequest, WorkerMessage } from './protocol.js';

// The demo worker: runs a solver of the packages through the registry on the wasm backend, off
// the page's thread, streaming the solver's events back as it goes. Solver loops are
// synchronous, so the events reach the page while the loop runs but a request to stop cannot
// reach the worker; the page stops a run by terminating the worker.

/** The worker's global scope, typed by what this file uses (the DOM and worker libs cannot both be loaded). */
const scope = self as unknown as { postMessage(message: WorkerMessage): void; onmessage: ((message: MessageEvent<RunRequest>) => void) | null };
const registry = createRegistry(browserPlugins());

/**
 * The smallest module using a v128 instruction (from wasm-feature-detect's SIMD probe): a
 * browser that validates it runs the SIMD build of the backend.
 */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

let engine: Promise<EngineReport> | undefined;

function startWasm(): Promise<EngineReport> {
  engine ??= (async () => {
    const started = performance.now();
    const info = await startEngine({
      backend: 'wasm',
      registry,
      // The bundler serves the three builds under hashed names; the backend picks one of them.
      backendOptions: { wasmPaths: { 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm, 'tfjs-backend-wasm-threaded-simd.wasm': threadedWasm } },
    });
    const wasmFiles = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => name.endsWith('.wasm'));
    return {
      backend: info.backend,
      details: { ...info.availability.details },
      simdSupported: WebAssembly.validate(SIMD_PROBE),
      wasmFiles,
      startSeconds: (performance.now() - started) / 1000,
    };
  })();
  return engine;
}

function post(message: WorkerMessage): void {
  scope.postMessage(message);
}

async function run(request: RunRequest): Promise<void> {
  post({ type: 'engine', id: request.id, engine: await startWasm() });
  const before = tf.memory().numTensors;
  const started = performance.now();
  const emit = (event: SolverEvent): void => post({ type: 'event', id: request.id, event });
  const result = await runSolver(registry, request.spec, { registry, backend: tf.getBackend(), seed: request.seed, emit, files: browserFiles(request.baseUrl) });
  post({ type: 'result', id: request.id, result, seconds: (performance.now() - started) / 1000, tensors: { before, after: tf.memory().numTensors } });
}

scope.onmessage = (message: MessageEvent<RunRequest>) => {
  const request = message.data;
  run(request).catch((error: unknown) => post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) }));
};
