import type { PluginSummary } from '@derand/registry';
import { code, escapeHtml } from '../site/html.js';
import { optionTables, type OptionTable } from './option-rows.js';

/** A generated page: its path under the site's source folder and its markdown. */
export interface GeneratedPage {
  readonly file: string;
  readonly title: string;
  readonly markdown: string;
}

/** What a plugin of each built-in kind is, for the kind pages' introductions. */
const KIND_INTRO: Readonly<Record<string, string>> = {
  backend: 'A compute backend for tfjs-core: `isAvailable()` says whether it can run here, `install(options)` registers it. Chosen with `--backend <id>`.',
  solver: 'A whole run: options in, a JSON-serialisable result out, events streamed on the way. Run any of them with `derand run <id>`; the named commands (`derand maxcut`, …) are the same solvers.',
  optimizer: 'A gradient transformation in the optax style (`init`, `update`), all sharing one contract: `learningRate` (a number or a schedule) and per-group `groups`. Chosen by id wherever a solver trains something.',
  model: 'Builds a student network from an MLP spec (the structure-discovery solver’s `studentModel`).',
  teacher: 'Builds the teacher that labels the data (the structure-discovery solver’s `teacherModel`).',
  activation: 'A smooth activation, referred to by id (`softplus:2`, `hermite:3`) inside model specs.',
  loss: 'A training loss (value, and optionally its derivative for the fused pass), chosen with `--loss <id>`.',
  rounding: 'Turns the MAXCUT SDP vectors into a cut; chosen with `--rounding <id>`.',
  polish: 'Local search after the MAXCUT rounding, reported apart; chosen with `--polish <id>`.',
  'jl-sampler': 'The random matrix family A = M + (random part W) that the JL solver derandomizes; chosen with `--method <id>`.',
  'jl-loss': 'The objective on a sampled matrix’s distortions for the JL solver; chosen with `--loss <id>`.',
};

/** Kinds in order of first registration, with their plugins. */
export function pluginsByKind(plugins: readonly PluginSummary[]): Map<string, PluginSummary[]> {
  const byKind = new Map<string, PluginSummary[]>();
  for (const plugin of plugins) byKind.set(plugin.kind, [...(byKind.get(plugin.kind) ?? []), plugin]);
  return byKind;
}

/** The page (relative to the catalogue folder, without extension) that lists a kind. */
export function kindPage(kind: string): string {
  return kind;
}

function tableHtml(plugin: PluginSummary, table: OptionTable): string {
  const rows = table.rows.map((row) => {
    const name = `${code(row.name)}${row.required ? ' <em>required</em>' : ''}${row.flag === undefined ? '' : `<br><small>${escapeHtml(row.flag)}</small>`}`;
    const type = row.pluginKind === undefined ? escapeHtml(row.type) : `<a href="./${kindPage(row.pluginKind)}">${escapeHtml(row.pluginKind)}</a> plugin: id or ${code('{id, options}')}`;
    const fallback = row.default === undefined ? '' : code(row.default);
    return `<tr data-option="${escapeHtml(row.name)}"><td>${name}</td><td data-cell="type">${type}</td><td data-cell="default">${fallback}</td><td data-cell="allowed">${escapeHtml(row.allowed)}</td><td data-cell="help">${escapeHtml(row.help)}</td></tr>`;
  });
  const caption = table.variant === undefined ? '' : `<caption>${code(table.variant)}</caption>`;
  return [
    `<table class="options" data-options="${escapeHtml(`${plugin.kind}:${plugin.id}`)}"${table.variant === undefined ? '' : ` data-variant="${escapeHtml(table.variant)}"`}>`,
    caption,
    '<thead><tr><th>option</th><th>type</th><th>default</th><th>allowed</th><th>help</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
  ].join('');
}

function pluginSection(plugin: PluginSummary, kindIds: Readonly<Record<string, readonly string[]>>): string {
  const tables = optionTables(plugin.options, kindIds);
  const empty = tables.every((t) => t.rows.length === 0);
  return [
    `## ${plugin.id} {#${plugin.id}}`,
    '',
    `<section class="plugin" data-plugin="${escapeHtml(`${plugin.kind}:${plugin.id}`)}">`,
    `<p class="summary" data-summary>${escapeHtml(plugin.summary)}</p>`,
    `<p>Kind ${code(plugin.kind)}, shipped by <span data-source>${code(plugin.source ?? 'unknown')}</span>.</p>`,
    empty ? '<p data-no-options>No options.</p>' : tables.map((t) => tableHtml(plugin, t)).join('\n'),
    '</section>',
    '',
  ].join('\n');
}

/**
 * The plugin catalogue as pages: an index of every plugin (kind, id, summary, package) and one
 * page per kind with each plugin's summary, package and options table, rendered from the JSON
 * Schema the registry gives for it (the same data `derand plugins --json` prints).
 *
 * @param plugins - `registry.list()` of the CLI's registry.
 * @example cataloguePages(createCliRegistry().list()).map((p) => p.file); // ['catalogue/index.md', 'catalogue/solver.md', …]
 */
export function cataloguePages(plugins: readonly PluginSummary[]): GeneratedPage[] {
  const byKind = pluginsByKind(plugins);
  const kindIds = Object.fromEntries([...byKind].map(([kind, list]) => [kind, list.map((p) => p.id)]));
  const index = [
    '---',
    'title: Plugin catalogue',
    '---',
    '',
    '# Plugin catalogue',
    '',
    `Every plugin registered with the \`derand\` command (${plugins.length} plugins of ${byKind.size} kinds), generated from the registry when the site is built: the same list and option schemas \`derand plugins --json\` prints. A part of a solver (an optimizer, a loss, a rounding, …) is chosen by id, and a plugin file loaded with \`--plugin\` works wherever a built-in of its kind does (see [Write your own plugin](../plugins/write-your-own)).`,
    '',
    '| kind | plugin | package | summary |',
    '|---|---|---|---|',
    ...plugins.map((p) => `| ${escapeHtml(p.kind)} | <a href="./${kindPage(p.kind)}#${p.id}">${escapeHtml(p.id)}</a> | ${code(p.source ?? 'unknown')} | ${escapeHtml(p.summary)} |`),
    '',
  ].join('\n');
  const pages: GeneratedPage[] = [{ file: 'catalogue/index.md', title: 'Plugin catalogue', markdown: index }];
  for (const [kind, list] of byKind) {
    const intro = KIND_INTRO[kind] ?? `Plugins of kind \`${kind}\`.`;
    pages.push({
      file: `catalogue/${kindPage(kind)}.md`,
      title: `${kind} plugins`,
      markdown: [
        '---',
        `title: ${kind} plugins`,
        '---',
        '',
        `# ${kind} plugins`,
        '',
        intro,
        '',
        `List them with \`derand plugins --kind ${kind}\`.`,
        '',
        ...list.map((p) => pluginSection(p, kindIds)),
      ].join('\n'),
    });
  }
  return pages;
}
