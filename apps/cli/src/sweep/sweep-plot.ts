import { InputError, type InputIssue } from '@derand/registry';
import type { TopLevelSpec } from '@derand/plots';
import { plotSchema, type PlotSettings } from './grid-file.js';
import type { SweepSummary } from './sweep-summary.js';

/**
 * The sweep's figure: the mean of `plot.metric` over each configuration's replicates against
 * the grid parameter `plot.x`, one line per value of `plot.series`. Returns undefined with the
 * reason when no completed run reports the metric.
 */
export async function sweepPlotSpec(summary: SweepSummary, plot: PlotSettings): Promise<{ spec: TopLevelSpec } | { reason: string }> {
  if (!summary.available.includes(plot.metric)) {
    return { reason: `no completed run reports the metric '${plot.metric}' (metrics: ${summary.available.join(', ') || 'none yet'})` };
  }
  const rows = summary.rows
    .filter((row) => row.metrics[plot.metric] !== undefined && typeof row.params[plot.x] === 'number')
    .map((row) => ({
      x: row.params[plot.x] as number,
      y: row.metrics[plot.metric]!.mean,
      ...(plot.series === undefined ? {} : { series: String(typeof row.params[plot.series] === 'string' ? row.params[plot.series] : JSON.stringify(row.params[plot.series])) }),
    }))
    .sort((a, b) => a.x - b.x);
  const xs = rows.map((r) => r.x);
  const wide = xs.length > 0 && Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 100;
  const { lineChart } = await import('@derand/plots');
  return {
    spec: lineChart({
      title: `${summary.name}: ${plot.metric} against ${plot.x}${plot.series === undefined ? '' : ` by ${plot.series}`}`,
      rows,
      x: { field: 'x', title: plot.x, scale: plot.xScale ?? (wide ? 'log' : 'linear') },
      y: { field: 'y', title: `${plot.metric} (mean over replicates)`, scale: plot.yScale },
      ...(plot.series === undefined ? {} : { series: { field: 'series', title: plot.series } }),
      points: true,
    }),
  };
}

/**
 * The plot of a run: the grid file's `plot` with `--metric`, `--x` and `--series` laid over it,
 * checked against the sweep's parameters (x must be one with numbers).
 *
 * @throws InputError (BAD_FLAG) listing every problem.
 */
export function choosePlot(fromFile: PlotSettings | undefined, flags: { readonly metric?: string | undefined; readonly x?: string | undefined; readonly series?: string | undefined }, sweep: { readonly parameters: readonly string[]; readonly runs: readonly { readonly params: Readonly<Record<string, unknown>> }[] }): PlotSettings | undefined {
  const metric = flags.metric ?? fromFile?.metric;
  const x = flags.x ?? fromFile?.x;
  const series = flags.series ?? fromFile?.series;
  if (metric === undefined && x === undefined && series === undefined) return undefined;
  const issues: InputIssue[] = [];
  if (metric === undefined) issues.push({ where: '--metric', message: 'a plot needs a metric: give --metric <name> (or plot.metric in the grid file)' });
  if (x === undefined) issues.push({ where: '--x', message: `a plot needs an x parameter: give --x <parameter> (parameters: ${sweep.parameters.join(', ') || 'none'})` });
  for (const [flag, name] of [['--x', x], ['--series', series]] as const) {
    if (name !== undefined && !sweep.parameters.includes(name)) issues.push({ where: flag, message: `'${name}' is not a grid parameter (parameters: ${sweep.parameters.join(', ') || 'none'})`, value: name });
  }
  if (x !== undefined && sweep.parameters.includes(x) && !sweep.runs.every((run) => typeof run.params[x] === 'number')) {
    issues.push({ where: '--x', message: `the x axis needs numbers, but '${x}' has other values; plot it as the series instead`, value: x });
  }
  if (issues.length > 0) throw new InputError('BAD_FLAG', 'Cannot draw the sweep plot:', issues);
  return plotSchema.parse({ ...fromFile, metric, x, ...(series === undefined ? {} : { series }) });
}
