import { canonicalJson } from './canonical-json.js';
import type { SweepRun } from './plan-sweep.js';
import type { RunRecord } from './run-record.js';

/** Statistics of one metric over a configuration's replicates. */
export interface MetricStats {
  readonly mean: number;
  /** Sample standard deviation (0 for one run). */
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** One configuration of the grid (its replicates together). */
export interface SummaryRow {
  readonly params: Readonly<Record<string, unknown>>;
  readonly runs: number;
  readonly ok: number;
  readonly failed: number;
  /** Every metric's statistics over the configuration's completed runs. */
  readonly metrics: Readonly<Record<string, MetricStats>>;
}

export interface SweepSummary {
  readonly sweepId: string;
  readonly name: string;
  readonly parameters: readonly string[];
  readonly runs: number;
  readonly ok: number;
  readonly failed: number;
  readonly pending: number;
  /** The metric the table shows, when chosen. */
  readonly metric?: string;
  /** Names of the metrics the completed runs report. */
  readonly available: readonly string[];
  readonly rows: readonly SummaryRow[];
  readonly failures: readonly { readonly runId: string; readonly index: number; readonly params: Readonly<Record<string, unknown>>; readonly replicate: number; readonly error: string; readonly attempts?: number }[];
}

function stats(values: readonly number[]): MetricStats {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.length < 2 ? 0 : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Summarises a sweep's records by configuration (replicates together), in the order of the
 * expansion: for each, how many runs completed or failed and every metric's mean, standard
 * deviation, minimum and maximum; plus the failed runs with their errors.
 */
export function summarizeSweep(sweep: { readonly sweepId: string; readonly name: string; readonly parameters: readonly string[]; readonly runs: readonly SweepRun[] }, records: readonly RunRecord[], metric?: string): SweepSummary {
  const ok = new Map<string, RunRecord>();
  const failed = new Map<string, RunRecord>();
  for (const record of records) (record.status === 'ok' ? ok : failed).set(record.runId, record);
  const groups = new Map<string, { params: Readonly<Record<string, unknown>>; runs: number; ok: RunRecord[]; failed: number }>();
  const failures: SweepSummary['failures'][number][] = [];
  for (const run of sweep.runs) {
    const key = canonicalJson(run.params);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { params: run.params, runs: 0, ok: [], failed: 0 }));
    group.runs++;
    const done = ok.get(run.runId);
    const failure = failed.get(run.runId);
    if (done !== undefined) group.ok.push(done);
    else if (failure !== undefined) {
      group.failed++;
      failures.push({ runId: run.runId, index: run.index, params: run.params, replicate: run.replicate, error: failure.error === undefined ? 'failed' : `${failure.error.code}: ${failure.error.message}`, ...(failure.attempts === undefined ? {} : { attempts: failure.attempts }) });
    }
  }
  const available = new Set<string>();
  const rows: SummaryRow[] = [...groups.values()].map((group) => {
    const names = [...new Set(group.ok.flatMap((r) => Object.keys(r.metrics ?? {})))];
    names.forEach((n) => available.add(n));
    const metrics = Object.fromEntries(
      names.map((name) => [name, stats(group.ok.map((r) => r.metrics?.[name]).filter((v): v is number => typeof v === 'number'))] as const),
    );
    return { params: group.params, runs: group.runs, ok: group.ok.length, failed: group.failed, metrics };
  });
  const okCount = rows.reduce((s, r) => s + r.ok, 0);
  const failedCount = rows.reduce((s, r) => s + r.failed, 0);
  return {
    sweepId: sweep.sweepId,
    name: sweep.name,
    parameters: sweep.parameters,
    runs: sweep.runs.length,
    ok: okCount,
    failed: failedCount,
    pending: sweep.runs.length - okCount - failedCount,
    ...(metric === undefined ? {} : { metric }),
    available: [...available].sort(),
    rows,
    failures,
  };
}

const cell = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\|/g, '\\|');
const number = (value: number | undefined): string => (value === undefined ? '' : Number.isInteger(value) ? String(value) : value.toPrecision(6));

/** The summary as a Markdown table (one row per configuration), then the failed runs. */
export function summaryMarkdown(summary: SweepSummary): string {
  const metric = summary.metric;
  const head = [...summary.parameters, 'ok', 'failed', ...(metric === undefined ? [] : [`${metric} mean`, 'std', 'min', 'max'])];
  const lines = [
    `# Sweep ${summary.name} (${summary.sweepId})`,
    '',
    `${summary.runs} runs: ${summary.ok} ok, ${summary.failed} failed, ${summary.pending} pending.${metric === undefined ? ` Choose a metric with --metric (${summary.available.slice(0, 8).join(', ')}${summary.available.length > 8 ? ', …' : ''}).` : ''}`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...summary.rows.map((row) => {
      const s = metric === undefined ? undefined : row.metrics[metric];
      return `| ${[...summary.parameters.map((p) => cell(row.params[p])), `${row.ok}/${row.runs}`, String(row.failed), ...(metric === undefined ? [] : [number(s?.mean), number(s?.std), number(s?.min), number(s?.max)])].join(' | ')} |`;
    }),
  ];
  if (summary.failures.length > 0) {
    lines.push('', '## Failed runs', '', '| run id | # | params | attempts | error |', '| --- | --- | --- | --- | --- |');
    for (const f of summary.failures) lines.push(`| ${f.runId} | ${f.index + 1} | ${cell(canonicalJson(f.params))} | ${f.attempts ?? ''} | ${cell(f.error.split('\n')[0] ?? '')} |`);
  }
  return `${lines.join('\n')}\n`;
}
