import type { Command } from 'commander';
import { DerandError } from '@derand/registry';
import type { CommandSpec } from './spec.js';

// Placeholder while @derand/jl is written; replaced by the real command.
export const jlCommand: CommandSpec = {
  name: 'jl',
  summary: 'Johnson-Lindenstrauss embeddings by derandomized optimization, judged on pairwise distortion.',
  examples: ['derand jl --help'],
  configure: (command: Command) => command,
  run: async () => {
    throw new DerandError('NOT_AVAILABLE', "'derand jl' is not available in this build yet.");
  },
};
