import type { Command } from 'commander';
import { DerandError } from '@derand/registry';
import type { CommandSpec } from './spec.js';

// Placeholder while @derand/maxcut is written; replaced by the real command.
export const maxcutCommand: CommandSpec = {
  name: 'maxcut',
  summary: 'Certified deterministic MAXCUT: SDP, the derandomized rounding, GW baselines and local search.',
  examples: ['derand maxcut --help'],
  configure: (command: Command) => command,
  run: async () => {
    throw new DerandError('NOT_AVAILABLE', "'derand maxcut' is not available in this build yet.");
  },
};
