import { DerandError, z } from '@derand/registry';
import { defineCommand } from './spec.js';

export const pluginsCommand = defineCommand({
  name: 'plugins',
  summary: 'List every registered plugin (built-in and loaded with --plugin): kind, id, summary, options schema.',
  examples: ['derand plugins', 'derand plugins --kind optimizer', 'derand plugins --json --plugin ./my-loss.mjs'],
  options: z.object({ kind: z.string().min(1).optional().describe('only plugins of this kind') }).strict(),
  run: async (options, { io, registry }) => {
    if (options.kind !== undefined && !registry.kinds().includes(options.kind)) {
      throw new DerandError('BAD_FLAG', `--kind '${options.kind}' is not a registered plugin kind. Kinds: ${registry.kinds().join(', ')}.`);
    }
    const plugins = registry.list(options.kind);
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
});
