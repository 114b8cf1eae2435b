import type { BackendPlugin } from '@derand/registry';
import { startEngine, type EngineInfo } from './start-engine.js';

const SLOT = Symbol.for('derand.testBackends');

function extraBackends(): BackendPlugin[] {
  const holder = globalThis as unknown as Record<symbol, BackendPlugin[] | undefined>;
  holder[SLOT] ??= [];
  return holder[SLOT];
}

/**
 * Makes a backend selectable through an environment variable in {@link startEngineFromEnvironment}
 * (a device runner registers `cuda` this way before running test suites or benchmarks).
 */
export function registerEnvironmentBackend(plugin: BackendPlugin): void {
  if (!extraBackends().some((p) => p.id === plugin.id)) extraBackends().push(plugin);
}

/**
 * Starts the engine on the backend named by the environment variable `variable` when set (cpu,
 * the fallback's id, or one registered with {@link registerEnvironmentBackend}), else on
 * `fallback`. Test suites use `DERAND_TEST_BACKEND` and benchmarks `DERAND_BENCH_BACKEND`, so
 * the same suites and benchmarks run on every backend.
 */
export async function startEngineFromEnvironment(variable: string, fallback: BackendPlugin | 'cpu' = 'cpu'): Promise<EngineInfo> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const wanted = env[variable];
  if (wanted === undefined || wanted === '') return startEngine({ backend: fallback });
  if (wanted === 'cpu') return startEngine({ backend: 'cpu' });
  if (typeof fallback === 'object' && fallback.id === wanted) return startEngine({ backend: fallback });
  const plugin = extraBackends().find((p) => p.id === wanted);
  if (plugin === undefined) {
    throw new Error(`${variable}=${wanted}, but no such backend was registered (have: cpu${extraBackends().map((p) => `, ${p.id}`).join('')}).`);
  }
  return startEngine({ backend: plugin });
}
