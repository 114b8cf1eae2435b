export { main } from './main.js';
export { commands } from './commands/index.js';
export type { CommandContext, CommandSpec, CommonOptions } from './commands/spec.js';
export { createCliRegistry, builtinPlugins } from './registry.js';
export type { CliRegistry } from './registry.js';
