export { main } from './main.js';
export { commands } from './commands/index.js';
export type { CommandContext, CommandSpec, CommonOptions } from './commands/spec.js';
export { solverCommands } from './commands/solvers.js';
export type { PresentContext, SolverCommand } from './commands/presenter.js';
export { createCliRegistry, builtinPlugins } from './registry.js';
export type { CliRegistry } from './registry.js';
