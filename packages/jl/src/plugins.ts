import { jlLossPlugins } from './objective/losses.js';
import { jlSamplerPlugins } from './objective/samplers.js';
import { jlSolver } from './solver/plugins.js';

/** Every plugin of `@derand/jl`: the solver, the samplers and the losses. */
export const jlPlugins = [jlSolver, ...jlSamplerPlugins, ...jlLossPlugins] as const;
