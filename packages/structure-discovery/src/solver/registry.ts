import { createRegistry, type AnyPlugin, type AnyRegistry } from '@derand/registry';
import { optimizerPlugins } from '@derand/core';
import { lossPlugins } from '@derand/losses';

/**
 * The registry a run resolves losses and optimizers from: the caller's, completed with the
 * built-in loss and optimizer plugins it does not already hold (same kind and id), so a user's
 * plugin always wins and a bare registry still works.
 *
 * @example const registry = structureRegistry(cliRegistry); registry.resolve('loss', 'mse');
 */
export function structureRegistry(registry?: AnyRegistry): AnyRegistry {
  const own = registry?.plugins ?? [];
  const missing = ([...lossPlugins, ...optimizerPlugins] as readonly AnyPlugin[]).filter((p) => !own.some((q) => q.kind === p.kind && q.id === p.id));
  return missing.length === 0 && registry !== undefined ? registry : createRegistry<AnyPlugin>([...own, ...missing]);
}
