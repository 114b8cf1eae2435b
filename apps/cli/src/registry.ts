import { coreSolvers, cpuBackend, optimizerPlugins, smoothFunctionPlugins } from '@derand/core';
import { cudaBackend } from '@derand/backend-cuda';
import { wasmBackend } from '@derand/backend-wasm';
import { jlPlugins } from '@derand/jl';
import { lossPlugins } from '@derand/losses';
import { maxcutPlugins } from '@derand/maxcut';
import { modelPlugins } from '@derand/models';
import { createRegistry, type AnyPlugin, type Registry } from '@derand/registry';
import { structurePlugins } from '@derand/structure-discovery';

/** Every plugin the CLI ships, in one explicit list. */
export function builtinPlugins() {
  return [cudaBackend, wasmBackend, cpuBackend, ...coreSolvers, ...optimizerPlugins, ...smoothFunctionPlugins, ...modelPlugins, ...lossPlugins, ...structurePlugins, ...maxcutPlugins, ...jlPlugins] as const;
}

export type CliRegistry = Registry<AnyPlugin>;

/** The CLI's registry: the built-in plugins plus any loaded with `--plugin`. */
export function createCliRegistry(extra: readonly AnyPlugin[] = []): CliRegistry {
  return createRegistry<AnyPlugin>([...builtinPlugins(), ...extra]);
}
