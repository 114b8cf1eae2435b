import { claimsSentence, relationText, type Claim } from './claim.js';
import type { Experiment, ExperimentOutput, ResultTable } from './experiment.js';

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const cell = (value: string | number | boolean | null): string => {
  if (value === null) return '—';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    const a = Math.abs(value);
    return a !== 0 && (a < 1e-3 || a >= 1e5) ? value.toExponential(3) : value.toPrecision(4);
  }
  return escape(String(value));
};

function table(t: ResultTable): string {
  return `<table><caption>${escape(t.title)}</caption><thead><tr>${t.columns.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const numberText = (value: number): string => cell(value);

/** The claims as checks: each row says held or not held, with the measured value and the reference. */
function claimsTable(list: readonly Claim[]): string {
  const rows = list
    .map(
      (c) =>
        `<tr class="${c.holds ? 'held' : 'not-held'}" data-claim-holds="${c.holds}"><td>${escape(c.claim)}</td><td>${cell(c.measured)}</td><td>${escape(c.measuredBy)}</td><td>${escape(relationText(c, numberText))}</td><td>${escape(c.source)}</td><td>${
          c.holds ? '✓ held' : '✗ not held'
        }</td></tr>`,
    )
    .join('');
  return `<table class="claims"><caption>Claims checked in this run</caption><thead><tr><th>claim</th><th>measured</th><th>by</th><th>reference</th><th>source</th><th>result</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export interface ReportInput {
  readonly title: string;
  readonly meta: Readonly<Record<string, string>>;
  readonly experiments: readonly { readonly experiment: Experiment; readonly output: ExperimentOutput; readonly seconds: number; readonly svgs: readonly string[] }[];
}

/** The self-contained HTML report: inline CSS and inline SVG figures, no external resources. */
export function reportHtml(input: ReportInput): string {
  const sections = [...new Set(input.experiments.map((e) => e.experiment.section))];
  const body = sections
    .map((section) => {
      const items = input.experiments.filter((e) => e.experiment.section === section);
      return `<section><h2>${escape(section)}</h2>${items
        .map(({ experiment, output, seconds, svgs }) => {
          const metrics = Object.entries(output.metrics);
          const claims = output.claims ?? [];
          return `<article id="${escape(experiment.id)}"><h3>${escape(experiment.title)}</h3><p>${escape(output.summary)}</p>${
            claims.length > 0 ? `<p class="claims-summary">${escape(claimsSentence(claims))}</p>${claimsTable(claims)}` : ''
          }${(output.tables ?? []).map(table).join('')}${svgs
            .map((svg, i) => `<figure class="figure" data-figure="${escape(experiment.id)}-${i + 1}">${svg}<figcaption>${escape(output.figures?.[i]?.title ?? '')}</figcaption></figure>`)
            .join('')}<details><summary>metrics and configuration (${seconds.toFixed(1)} s)</summary>${table({
            title: 'metrics',
            columns: ['metric', 'value'],
            rows: metrics.map(([k, v]) => [k, v]),
          })}<pre>${escape(JSON.stringify(output.config, null, 2))}</pre></details></article>`;
        })
        .join('')}</section>`;
    })
    .join('');
  const meta = Object.entries(input.meta)
    .map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(input.title)}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1440px;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}h3{margin-bottom:.3rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
figure{margin:1rem 0;overflow-x:auto}figcaption{font-size:.85rem;color:#555}pre{background:#f7f7f7;padding:.5rem;overflow-x:auto;font-size:.8rem}
nav a{margin-right:1rem}
tr.not-held td:last-child{color:#b00020;font-weight:600}tr.held td:last-child{color:#137333}.skipped{color:#b00020}
</style></head><body>
<h1>${escape(input.title)}</h1>
<dl>${meta}</dl>
<nav>${sections.map((s) => `<a href="#${escape(input.experiments.find((e) => e.experiment.section === s)?.experiment.id ?? '')}">${escape(s)}</a>`).join('')}</nav>
${body}
</body></html>
`;
}
