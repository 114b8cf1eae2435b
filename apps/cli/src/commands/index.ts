import { backendsCommand } from './backends.js';
import { jlCommand } from './jl.js';
import { maxcutCommand } from './maxcut.js';
import { pluginsCommand } from './plugins.js';
import type { CommandSpec } from './spec.js';
import { structureCommand } from './structure.js';

/** Every `derand` command, in `--help` order. */
export const commands: readonly CommandSpec[] = [structureCommand, maxcutCommand, jlCommand, backendsCommand, pluginsCommand];
