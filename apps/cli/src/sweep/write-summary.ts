import { join } from 'node:path';
import type { CliIO } from '../io.js';
import { writeJson, writeSvg } from '../output.js';
import type { PlotSettings } from './grid-file.js';
import type { SweepPlan } from './plan-sweep.js';
import type { RunRecord } from './run-record.js';
import { sweepPlotSpec } from './sweep-plot.js';
import { summarizeSweep, summaryMarkdown, type SweepSummary } from './sweep-summary.js';

/** Where the end-of-sweep files went. */
export interface SummaryFiles {
  readonly summary: SweepSummary;
  readonly json: string;
  readonly markdown: string;
  readonly svg?: string;
}

/**
 * Writes a sweep's summary beside its results, each file atomically: summary.json (every
 * configuration with every metric's statistics, and the failures), summary.md (the table of the
 * chosen metric) and, when a plot is set, plot.svg.
 */
export async function writeSummary(out: string, plan: Pick<SweepPlan, 'sweepId' | 'name' | 'parameters' | 'runs'>, records: readonly RunRecord[], plot: PlotSettings | undefined, io: CliIO): Promise<SummaryFiles> {
  const summary = summarizeSweep(plan, records, plot?.metric);
  const { writeFileAtomic } = await import('@derand/core/node');
  const json = await writeJson(join(out, 'summary.json'), summary);
  const markdown = join(out, 'summary.md');
  writeFileAtomic(markdown, summaryMarkdown(summary));
  let svg: string | undefined;
  if (plot !== undefined) {
    const figure = await sweepPlotSpec(summary, plot);
    if ('spec' in figure) svg = await writeSvg(join(out, 'plot.svg'), figure.spec);
    else io.warn(`no plot written: ${figure.reason}.`);
  }
  return { summary, json, markdown, ...(svg === undefined ? {} : { svg }) };
}
