import * as tf from '@tensorflow/tfjs-core';
import { coreSolvers, optimizerPlugins, smoothFunctionPlugins } from '@derand/core';
import { nodeFiles } from '@derand/core/node';
import { jlPlugins } from '@derand/jl';
import { lossPlugins } from '@derand/losses';
import { maxcutPlugins } from '@derand/maxcut';
import { modelPlugins } from '@derand/models';
import { createRegistry, runSolver, type AnyPlugin, type AnyRegistry, type RunSpec, type SolverEvent } from '@derand/registry';
import { structurePlugins } from '@derand/structure-discovery';

/** Every built-in plugin but the backends (the suites start their engine themselves). */
export function benchRegistry(): AnyRegistry {
  return createRegistry<AnyPlugin>([...coreSolvers, ...optimizerPlugins, ...smoothFunctionPlugins, ...modelPlugins, ...lossPlugins, ...structurePlugins, ...maxcutPlugins, ...jlPlugins]);
}

let shared: AnyRegistry | undefined;

/**
 * Runs a solver from plain JSON options through the registry, as `derand run` and `reproduce`
 * do: the whole-run benchmarks time exactly that path. The engine must be started; the context's
 * backend is the active one. Files named in the options are read from disk (paths relative to
 * the working directory).
 *
 * @example const result = (await solve({ solver: 'maxcut', options: { graph: 'G1.txt' } })) as MaxcutSolverResult;
 */
export async function solve(spec: RunSpec, options: { readonly seed?: number; readonly emit?: (event: SolverEvent) => void } = {}): Promise<unknown> {
  shared ??= benchRegistry();
  return runSolver(shared, spec, { registry: shared, backend: tf.getBackend(), seed: options.seed ?? 0, emit: options.emit ?? (() => {}), files: nodeFiles() });
}
