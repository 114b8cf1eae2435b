import { backendsCommand } from './backends.js';
import { pluginsCommand } from './plugins.js';
import type { CommandSpec } from './spec.js';

/** Every `derand` command, in `--help` order. */
export const commands: readonly CommandSpec[] = [backendsCommand, pluginsCommand];
