import type { Command } from 'commander';
import type { CommandSpec } from './spec.js';

export const pluginsCommand: CommandSpec = {
  name: 'plugins',
  summary: 'List every registered plugin (built-in and loaded with --plugin): kind, id, summary, options schema.',
  examples: ['derand plugins', 'derand plugins --kind optimizer', 'derand plugins --json --plugin ./my-loss.js'],
  configure: (command: Command) => command.option('--kind <kind>', 'only plugins of this kind'),
  run: async (_args, options, { io, registry }) => {
    const kind = options['kind'] as string | undefined;
    if (kind !== undefined && !registry.kinds().includes(kind)) {
      const { DerandError } = await import('@derand/registry');
      throw new DerandError('BAD_FLAG', `--kind '${kind}' is not a registered plugin kind. Kinds: ${registry.kinds().join(', ')}.`);
    }
    const plugins = registry.list(kind);
    io.result({ plugins }, ({ plugins: list }) => {
      const kinds = [...new Set(list.map((p) => p.kind))];
      return kinds
        .map((k) => {
          const rows = list.filter((p) => p.kind === k);
          const width = Math.max(...rows.map((p) => p.id.length));
          return `${k}:\n${rows.map((p) => `  ${p.id.padEnd(width)}  ${p.summary}${p.source?.startsWith('@derand/') === false ? `  [${p.source}]` : ''}`).join('\n')}`;
        })
        .join('\n\n');
    });
  },
};
