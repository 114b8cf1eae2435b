import type { GeneratedPage } from '../catalogue/render-catalogue.js';
import { code, escapeHtml } from '../site/html.js';
import type { BackendReport } from '@derand/cli';
import { formatNumber } from './render-results.js';

/** What the refresh script commits: the report and where it was measured. */
export interface BackendsMeasurement {
  readonly measuredAt: string;
  readonly machine: string;
  readonly backends: readonly BackendReport[];
}

/**
 * The measured-speeds table of the backends guide (a partial it includes), from the committed
 * `derand backends --json` of the refresh script.
 *
 * @example backendsPart(JSON.parse(readFileSync('data/backends.json', 'utf8')));
 */
export function backendsPart(measurement: BackendsMeasurement): GeneratedPage {
  const rows = measurement.backends.map((b) => {
    const speed = b.matmul === undefined ? '–' : `${formatNumber(Number(b.matmul.gflops.toFixed(2)))} GFLOP/s (${b.matmul.n}×${b.matmul.n}, ${formatNumber(Number(b.matmul.ms.toFixed(2)))} ms, median of ${b.matmul.repeats})`;
    const details = Object.entries(b.details ?? {})
      .map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(String(v))}`)
      .join('; ');
    return `<tr data-backend="${escapeHtml(b.id)}"><td>${code(b.id)}</td><td>${b.priority}</td><td>${b.available ? 'yes' : `no: ${escapeHtml(b.reason ?? 'no reason given')}`}</td><td>${speed}</td><td>${details}</td></tr>`;
  });
  const markdown = [
    `<table class="backends"><caption>${escapeHtml(`derand backends --json, ${measurement.machine}, ${measurement.measuredAt.slice(0, 10)}`)}</caption>`,
    '<thead><tr><th>backend</th><th>priority</th><th>available here</th><th>float32 matmul</th><th>details</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    '',
  ].join('\n');
  return { file: 'parts/backends-measured.md', title: 'Measured backends', markdown };
}
