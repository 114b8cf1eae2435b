import type { GeneratedPage } from '../catalogue/render-catalogue.js';
import { escapeHtml } from '../site/html.js';
import { formatNumber, RESULTS_URL } from './render-results.js';

/** One run of a structure study as `derand structure-study --json` prints it. */
export interface StudyRun {
  readonly label: string;
  readonly lambda?: number;
  readonly orthFraction: number;
  readonly normWperp: number;
  readonly testLoss: number;
  readonly startOrthFraction: number;
  readonly certificate?: {
    readonly isSOSP: boolean;
    readonly rho: number;
    readonly K: number;
    readonly theoremBound?: { readonly bound: number; readonly applicable: boolean; readonly holds: boolean };
    readonly steinBound?: { readonly bound: number; readonly applicable: boolean; readonly holds: boolean };
  };
}

/** A study's result (`derand structure-study <study> --json`). */
export interface StudyResult {
  readonly study: string;
  readonly title: string;
  readonly runs: readonly StudyRun[];
}

function bound(b: { readonly bound: number; readonly applicable: boolean; readonly holds: boolean } | undefined): string {
  if (b === undefined) return '–';
  if (!b.applicable) return 'not applicable';
  return `${formatNumber(b.bound)} (${b.holds ? 'holds' : 'violated'})`;
}

/**
 * The structure-study guide's committed run as a partial: its figure and a table of the runs
 * (‖W⊥‖_F against the bounds of Stein's identity and Theorem 4.1, orth fraction, test loss).
 *
 * @param study - the study's JSON; `figure` is the file name of its SVG beside it.
 * @example studyPart(JSON.parse(text), 'lambda-sweep.svg');
 */
export function studyPart(study: StudyResult, figure: string): GeneratedPage {
  const rows = study.runs.map((run) => {
    const c = run.certificate;
    return `<tr><td>${escapeHtml(run.label)}</td><td>${formatNumber(run.normWperp)}</td><td>${bound(c?.steinBound)}</td><td>${bound(c?.theoremBound)}</td><td>${formatNumber(run.startOrthFraction)} → ${formatNumber(run.orthFraction)}</td><td>${formatNumber(run.testLoss)}</td><td>${c === undefined ? '–' : c.isSOSP ? 'yes' : 'no'}</td></tr>`;
  });
  const markdown = [
    `![${study.title}](${RESULTS_URL}/structure-study/${figure})`,
    '',
    `<table class="results" data-study="${escapeHtml(study.study)}"><caption>${escapeHtml(study.title)}</caption>`,
    '<thead><tr><th>run</th><th>‖W⊥‖_F</th><th>Stein bound</th><th>Theorem 4.1 bound</th><th>orth fraction</th><th>test loss</th><th>certified SOSP</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    '',
    `<p>From <code>derand structure-study ${escapeHtml(study.study)} --json</code>, committed with the results and refreshed by the same script.</p>`,
    '',
  ].join('\n');
  return { file: 'parts/structure-study.md', title: study.title, markdown };
}
