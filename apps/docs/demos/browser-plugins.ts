import { wasmBackend } from '@derand/backend-wasm';
import { coreSolvers, cpuBackend, optimizerPlugins, smoothFunctionPlugins } from '@derand/core';
import { jlPlugins } from '@derand/jl';
import { lossPlugins } from '@derand/losses';
import { maxcutPlugins } from '@derand/maxcut';
import { modelPlugins } from '@derand/models';
import type { AnyPlugin } from '@derand/registry';
import { structurePlugins } from '@derand/structure-discovery';

/**
 * The plugins the demos run with: the CLI's built-in list (`derand plugins`) without the cuda
 * backend, whose native addon has no browser build. A test holds this list equal to the CLI's
 * minus cuda, so the demos run the same solvers and parts the catalogue documents.
 */
export function browserPlugins(): readonly AnyPlugin[] {
  return [wasmBackend, cpuBackend, ...coreSolvers, ...optimizerPlugins, ...smoothFunctionPlugins, ...modelPlugins, ...lossPlugins, ...structurePlugins, ...maxcutPlugins, ...jlPlugins];
}
