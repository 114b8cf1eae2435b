import { backendsCommand } from './backends.js';
import { jlCommand } from './jl.js';
import { lemmaCommand } from './lemma.js';
import { maxcutCommand } from './maxcut.js';
import { pluginsCommand } from './plugins.js';
import { reproduceCommand } from './reproduce.js';
import type { CommandSpec } from './spec.js';
import { structureCommand } from './structure.js';
import { toyCommand } from './toy.js';

/** Every `derand` command, in `--help` order. */
export const commands: readonly CommandSpec[] = [
  reproduceCommand,
  lemmaCommand,
  toyCommand,
  structureCommand,
  maxcutCommand,
  jlCommand,
  backendsCommand,
  pluginsCommand,
];
