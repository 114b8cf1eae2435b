import { polishPlugins } from './local/plugins.js';
import { roundingPlugins } from './rounding/plugins.js';
import { maxcutSolver } from './solver.js';

/** Every MAXCUT plugin: the solver, the roundings and the polishes. */
export const maxcutPlugins = [maxcutSolver, ...roundingPlugins, ...polishPlugins] as const;
