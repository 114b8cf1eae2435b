import { createRegistry } from './registry.js';
import type { AnyPlugin, AnyRegistry } from './plugin.js';

/**
 * The registry a library function resolves its parts from: the caller's, completed with the
 * built-ins it lacks (same kind and id), so a user's plugin always wins and a caller without a
 * registry still gets the defaults.
 *
 * @example const registry = completeRegistry(context.registry, [...roundingPlugins, ...optimizerPlugins]);
 */
export function completeRegistry(registry: AnyRegistry | undefined, builtins: readonly AnyPlugin[]): AnyRegistry {
  const own = registry?.plugins ?? [];
  const missing = builtins.filter((p) => !own.some((q) => q.kind === p.kind && q.id === p.id));
  return missing.length === 0 && registry !== undefined ? registry : createRegistry<AnyPlugin>([...own, ...missing]);
}
