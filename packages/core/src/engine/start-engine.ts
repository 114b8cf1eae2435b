import * as tf from '@tensorflow/tfjs-core';
import { DerandError, type AnyRegistry, type Availability, type BackendPlugin } from '@derand/registry';
import { registerHostRandomKernels } from '../random/kernels.js';
import { cpuBackend, silenceCpuNotice } from './cpu-backend.js';
import { ensureGradients } from './gradients.js';

export class BackendUnavailableError extends DerandError {
  constructor(id: string, reason: string, available: readonly string[]) {
    super(
      'BACKEND_UNAVAILABLE',
      `Backend '${id}' is unavailable here: ${reason}. ` +
        (available.length > 0 ? `Available backends: ${available.join(', ')}.` : 'No backend is available.'),
      { details: { backend: id, reason, available } },
    );
  }
}

export interface StartEngineOptions {
  /** Backend id ('wasm', 'cpu', 'cuda') or a backend plugin. Default: the available one of highest priority. */
  readonly backend?: string | BackendPlugin;
  /** Registry holding backend plugins; `cpu` is always known. */
  readonly registry?: AnyRegistry;
  /** Raw options for the backend plugin, validated against its schema. */
  readonly backendOptions?: unknown;
}

/** What {@link startEngine} set up. */
export interface EngineInfo {
  /** Active backend id (also `tf.getBackend()`). */
  readonly backend: string;
  readonly availability: Availability;
}

function backendPlugins(registry: AnyRegistry | undefined): BackendPlugin[] {
  const plugins = (registry?.plugins.filter((p) => p.kind === 'backend') ?? []) as BackendPlugin[];
  return plugins.some((p) => p.id === cpuBackend.id) ? plugins : [...plugins, cpuBackend];
}

async function choose(options: StartEngineOptions): Promise<BackendPlugin> {
  const plugins = backendPlugins(options.registry);
  if (typeof options.backend === 'object') return options.backend;
  if (typeof options.backend === 'string') {
    const plugin = plugins.find((p) => p.id === options.backend);
    if (plugin === undefined) {
      if (options.registry !== undefined) return options.registry.resolve('backend', options.backend) as BackendPlugin;
      throw new DerandError('PLUGIN_UNKNOWN', `Unknown backend '${options.backend}'. Available backends: ${plugins.map((p) => p.id).join(', ')}.`);
    }
    return plugin;
  }
  const ranked = [...plugins].sort((a, b) => b.priority - a.priority);
  for (const plugin of ranked) if ((await plugin.isAvailable()).ok) return plugin;
  return cpuBackend;
}

/**
 * The one way to start compute: picks the backend by registry id, checks it is available,
 * installs and activates it in tfjs-core, makes gradients work (including second order), and
 * registers the keyed random kernels. Safe to call again to switch backends.
 *
 * @example
 * const engine = await startEngine({ backend: 'wasm', registry });
 * console.log(engine.backend); // 'wasm'
 */
export async function startEngine(options: StartEngineOptions = {}): Promise<EngineInfo> {
  const plugin = await choose(options);
  const availability = await plugin.isAvailable();
  if (!availability.ok) {
    const available: string[] = [];
    for (const p of backendPlugins(options.registry)) if ((await p.isAvailable()).ok) available.push(p.id);
    throw new BackendUnavailableError(plugin.id, availability.reason ?? 'no reason given', available);
  }
  const parsed = plugin.options.safeParse(options.backendOptions ?? {});
  if (!parsed.success) {
    throw new DerandError('PLUGIN_OPTIONS', `Invalid options for backend '${plugin.id}': ${parsed.error.message}`);
  }
  const installed = await plugin.install(parsed.data);
  const ok = await tf.setBackend(plugin.id);
  if (!ok) throw new BackendUnavailableError(plugin.id, 'tfjs-core failed to initialise it', []);
  await tf.ready();
  await ensureGradients();
  registerHostRandomKernels(plugin.id);
  if (plugin.id === 'cpu') silenceCpuNotice();
  return { backend: plugin.id, availability: { ...availability, ...installed, details: { ...availability.details, ...installed.details } } };
}
