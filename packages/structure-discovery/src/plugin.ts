import { definePlugin } from '@derand/registry';
import { structureConfigSchema } from './config/config.js';
import type { StructureResult } from './solver/result.js';
import { runStructureDiscovery } from './solver/run-structure-discovery.js';

/**
 * The structure-discovery solver (kind `solver`, id `structure-discovery`): options are a
 * {@link StructureConfig}; losses and optimizers resolve through the context's registry.
 */
export const structureDiscoverySolver = definePlugin({
  kind: 'solver',
  id: 'structure-discovery',
  summary: 'Train any student on a multi-index teacher with any loss and SOSP optimizer; report ‖W⊥‖, orth fraction, angles, certificate.',
  options: structureConfigSchema,
  source: '@derand/structure-discovery',
  run: async (options, context): Promise<StructureResult> =>
    runStructureDiscovery(options, {
      registry: context.registry,
      seed: context.seed,
      emit: context.emit,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    }),
});

/** Every solver plugin of this package. */
export const structurePlugins = [structureDiscoverySolver] as const;
