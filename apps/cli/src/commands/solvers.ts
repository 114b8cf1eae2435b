import type { z } from '@derand/registry';
import { jlCommand } from './jl.js';
import { lemmaCommand } from './lemma.js';
import { maxcutCommand } from './maxcut.js';
import type { SolverCommand } from './presenter.js';
import { structureCommand, structureStudyCommand } from './structure.js';
import { toyCommand } from './toy.js';

/** The named solver commands, in `--help` order. */
export const solverCommands = [lemmaCommand, toyCommand, structureCommand, structureStudyCommand, maxcutCommand, jlCommand] as unknown as readonly SolverCommand<unknown, z.ZodType>[];
