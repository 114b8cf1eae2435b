import type { BackendPlugin } from '@derand/registry';
import { startEngine, type EngineInfo } from '../engine/start-engine.js';

const SLOT = Symbol.for('derand.testBackends');

function extraBackends(): BackendPlugin[] {
  const holder = globalThis as unknown as Record<symbol, BackendPlugin[] | undefined>;
  holder[SLOT] ??= [];
  return holder[SLOT];
}

/**
 * Makes a backend selectable by `DERAND_TEST_BACKEND` in every test suite of the process
 * (the device runner registers `cuda` this way before running the suites).
 */
export function addTestBackend(plugin: BackendPlugin): void {
  if (!extraBackends().some((p) => p.id === plugin.id)) extraBackends().push(plugin);
}

/**
 * Starts the engine for a test suite: the backend named by `DERAND_TEST_BACKEND` when set
 * (cpu, or one registered with {@link addTestBackend}), else `fallback` (a plugin or 'cpu').
 * Suites call this instead of `startEngine` so that the same suites run on every backend.
 */
export async function startTestEngine(fallback: BackendPlugin | 'cpu' = 'cpu'): Promise<EngineInfo> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const wanted = env['DERAND_TEST_BACKEND'];
  if (wanted === undefined || wanted === '') return startEngine({ backend: fallback });
  if (wanted === 'cpu') return startEngine({ backend: 'cpu' });
  if (typeof fallback === 'object' && fallback.id === wanted) return startEngine({ backend: fallback });
  const plugin = extraBackends().find((p) => p.id === wanted);
  if (plugin === undefined) {
    throw new Error(`DERAND_TEST_BACKEND=${wanted}, but no such backend was registered with addTestBackend (have: cpu${extraBackends().map((p) => `, ${p.id}`).join('')}).`);
  }
  return startEngine({ backend: plugin });
}
