import type { Command } from 'commander';
import { DerandError } from '@derand/registry';
import type { CommandSpec } from './spec.js';

// Placeholder while @derand/structure is written; replaced by the real command.
export const structureCommand: CommandSpec = {
  name: 'structure',
  summary: 'Train a student network on a teacher and watch the first layer collapse onto the teacher subspace.',
  examples: ['derand structure --help'],
  configure: (command: Command) => command,
  run: async () => {
    throw new DerandError('NOT_AVAILABLE', "'derand structure' is not available in this build yet.");
  },
};
