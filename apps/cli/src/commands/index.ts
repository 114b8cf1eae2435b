import { backendsCommand } from './backends.js';
import { pluginsCommand } from './plugins.js';
import { reproduceCommand } from './reproduce.js';
import type { CommandSpec } from './spec.js';
import { sweepCommand } from './sweep.js';
import { workerCommand } from './worker.js';

/** The commands that are not solvers, in `--help` order (the solver commands are in `solvers.ts`). */
export const commands: readonly CommandSpec[] = [reproduceCommand, sweepCommand, workerCommand, backendsCommand, pluginsCommand] as readonly CommandSpec[];
