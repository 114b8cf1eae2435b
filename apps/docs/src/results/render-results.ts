import type { GeneratedPage } from '../catalogue/render-catalogue.js';
import { code, escapeHtml } from '../site/html.js';
import type { ExperimentResult, ReproduceResults, ResultClaim } from './reproduce-results.js';

const basename = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** Where the site serves the committed run's figures and results.json. */
export const RESULTS_URL = '/results';

/**
 * A number as the results pages print it: integers as they are, others to 4 significant
 * digits (exponent form below 1e-3), so that a page does not pretend to more precision.
 *
 * @example formatNumber(0.000022963); // '2.296e-5'
 */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return value.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(value.toPrecision(4)));
}

function cell(value: string | number | boolean | null): string {
  if (value === null) return '–';
  return escapeHtml(typeof value === 'number' ? formatNumber(value) : String(value));
}

function tableHtml(title: string, columns: readonly string[], rows: readonly (readonly (string | number | boolean | null)[])[], attribute: string): string {
  return [
    `<table class="results" ${attribute}>`,
    `<caption>${escapeHtml(title)}</caption>`,
    `<thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((row) => `<tr>${row.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('');
}

/** The comparison of a claim in words: `≥ 11270`, `in [11591, 11607]`. */
function relationText(c: ResultClaim): string {
  if (c.relation === 'in') return `in [${formatNumber(c.reference)}, ${formatNumber(c.upper ?? c.reference)}]`;
  return `${{ '>=': '≥', '<=': '≤', '>': '>', '<': '<' }[c.relation]} ${Number.isFinite(c.reference) ? formatNumber(c.reference) : 'n/a'}`;
}

/**
 * One experiment of a reproduce run as markdown: its figures, the comparison with the paper,
 * its metrics and tables, and the solver runs as JSON (each pasteable into `derand run`).
 * Used by the results page and included by the solver guides.
 *
 * @example experimentMarkdown('maxcut-g15', results.experiments['maxcut-g15'], 4.1);
 */
export function experimentMarkdown(id: string, experiment: ExperimentResult, seconds: number | undefined): string {
  const parts: string[] = [];
  for (const figure of experiment.figures) parts.push(`![${figure.title.replace(/[[\]]/g, '')}](${RESULTS_URL}/${figure.file})`, '');
  if (experiment.skipped !== undefined) parts.push(`**Skipped in this run:** ${escapeHtml(experiment.skipped.reason)}.`, '');
  if (experiment.claims.length > 0) {
    const held = experiment.claims.filter((c) => c.holds).length;
    parts.push(
      tableHtml(
        `Claims checked in this run: ${held} of ${experiment.claims.length} held`,
        ['claim', 'measured', 'by', 'reference', 'source', 'result'],
        experiment.claims.map((c) => [c.claim, c.measured, c.measuredBy, relationText(c), c.source, c.holds ? '✓ held' : '✗ not held']),
        `data-claims="${escapeHtml(id)}"`,
      ),
      '',
    );
  }
  const metrics = Object.entries(experiment.metrics);
  if (metrics.length > 0) parts.push(tableHtml('Metrics', ['metric', 'value'], metrics.map(([k, v]) => [k, v]), `data-metrics="${escapeHtml(id)}"`), '');
  for (const table of experiment.tables) parts.push(tableHtml(table.title, table.columns, table.rows, `data-table="${escapeHtml(id)}"`), '');
  const runs = Object.entries(experiment.config).filter(([, spec]) => typeof spec === 'object' && spec !== null && 'solver' in spec);
  if (runs.length > 0) {
    parts.push(`<details><summary>The solver runs (${runs.length}), each runnable with ${code('derand run <solver> --config run.json')}</summary>`, '');
    for (const [label, spec] of runs) {
      const { solver, options } = spec as { solver: string; options: unknown };
      parts.push(`**${escapeHtml(label)}** — solver ${code(solver)}`, '', '```json', JSON.stringify(options, null, 2), '```', '');
      const files = experiment.provenance?.[label]?.data ?? [];
      if (files.length > 0) parts.push(`Read ${files.map((f) => `${code(basename(f.name))} (SHA-256 ${code(f.sha256)})`).join(', ')}.`, '');
    }
    parts.push('</details>', '');
  }
  if (seconds !== undefined) parts.push(`<p class="timing">Ran in ${formatNumber(seconds)} s.</p>`, '');
  return parts.join('\n');
}

/**
 * The results page (every experiment of the committed run, by section) and one partial per
 * experiment (`parts/results/<id>.md`) that the guides include.
 *
 * @example const { page, parts } = resultsPages(parseReproduceResults(text));
 */
export function resultsPages(results: ReproduceResults): { page: GeneratedPage; parts: GeneratedPage[] } {
  const parts: GeneratedPage[] = [];
  const sections = new Map<string, string[]>();
  for (const [id, experiment] of Object.entries(results.experiments)) {
    const body = experimentMarkdown(id, experiment, results.timings.experimentSeconds[id]);
    parts.push({ file: `parts/results/${id}.md`, title: experiment.title, markdown: body });
    sections.set(experiment.section, [...(sections.get(experiment.section) ?? []), `### ${escapeHtml(experiment.title)} {#${id}}`, '', body]);
  }
  const total = Object.values(results.timings.experimentSeconds).reduce((a, b) => a + b, 0);
  const versions = Object.entries(results.versions).map(([name, version]) => `${code(name)} ${escapeHtml(version)}`).join(', ');
  const markdown = [
    '---',
    'title: Results',
    '---',
    '',
    '# Results',
    '',
    `Every experiment of the paper as \`derand reproduce\` ran it (${results.quick ? '`--quick`: smaller instances and fewer steps' : 'the full run'}), seed ${results.seed}, backend \`${escapeHtml(results.backend)}\`, finished ${escapeHtml(results.timings.finishedAt.slice(0, 10))} after ${formatNumber(total)} s of experiments. The page is built from that run's committed [results.json](${RESULTS_URL}/results.json); building the site does not rerun anything. \`pnpm --filter @derand/docs refresh-results\` reruns it and replaces the committed files.`,
    '',
    'Run it yourself with `pnpm derand reproduce --out runs/full` (or `--quick`); the same seed on the same backend gives the same numbers. Each experiment lists its solver runs, so any one of them can be rerun alone with `derand run`.',
    '',
    `<p class="versions">Versions: ${versions}.</p>`,
    '',
    ...[...sections].flatMap(([section, body]) => [`## ${escapeHtml(section)}`, '', ...body]),
  ].join('\n');
  return { page: { file: 'results.md', title: 'Results', markdown }, parts };
}
