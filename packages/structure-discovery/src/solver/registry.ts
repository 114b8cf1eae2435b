import { completeRegistry, type AnyPlugin, type AnyRegistry } from '@derand/registry';
import { optimizerPlugins } from '@derand/core';
import { lossPlugins } from '@derand/losses';
import { modelPlugins } from '@derand/models';

/**
 * The registry a run resolves its parts from: the caller's, completed with the built-in loss,
 * optimizer, model, teacher and activation plugins it does not already hold.
 *
 * @example const registry = structureRegistry(cliRegistry); registry.resolve('loss', 'mse');
 */
export function structureRegistry(registry?: AnyRegistry): AnyRegistry {
  return completeRegistry(registry, [...lossPlugins, ...optimizerPlugins, ...modelPlugins] as readonly AnyPlugin[]);
}
