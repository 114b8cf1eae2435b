import type { BackendPlugin } from '@derand/registry';
import { registerEnvironmentBackend, startEngineFromEnvironment } from '../engine/environment-engine.js';
import type { EngineInfo } from '../engine/start-engine.js';

/**
 * Makes a backend selectable by `DERAND_TEST_BACKEND` in every test suite of the process
 * (the device runner registers `cuda` this way before running the suites).
 */
export function addTestBackend(plugin: BackendPlugin): void {
  registerEnvironmentBackend(plugin);
}

/**
 * Starts the engine for a test suite: the backend named by `DERAND_TEST_BACKEND` when set
 * (cpu, or one registered with {@link addTestBackend}), else `fallback` (a plugin or 'cpu').
 * Suites call this instead of `startEngine` so that the same suites run on every backend.
 */
export async function startTestEngine(fallback: BackendPlugin | 'cpu' = 'cpu'): Promise<EngineInfo> {
  return startEngineFromEnvironment('DERAND_TEST_BACKEND', fallback);
}
