import { lineChart, panels, type ReferenceLine } from '../charts.js';
import type { TopLevelSpec } from '../render.js';

/** One rounding run: the cut of sign(μ) (or the sampled cut) and the spread of the sampler over iterations. */
export interface MaxcutFigureRun {
  readonly label: string;
  readonly history: readonly {
    readonly step: number;
    readonly cut: number;
    /** ‖V‖_F of the derandomized rounding. */
    readonly normV?: number;
    /** max σ of the score-function variant. */
    readonly maxSigma?: number;
  }[];
}

export interface MaxcutFigureOptions {
  /** Graph name for the titles. */
  readonly graph: string;
  readonly runs: readonly MaxcutFigureRun[];
  /** Horizontal lines on the cut panel: optimum or best known, E[GW], best of N hyperplanes, upper bound. */
  readonly references?: readonly { readonly label: string; readonly value: number; readonly dashed?: boolean; readonly color?: string }[];
}

/**
 * The paper's Figs. 4–5 for one graph: the cut value over iterations with reference lines
 * (e.g. "OPT = 41" dashed red, E[GW], best of 100 hyperplanes), next to the spread of the
 * sampler — ‖V‖_F (log scale) for the derandomized rounding, max σ for the authors' variant.
 *
 * @example
 * renderSvg(maxcutFigure({ graph: 'G1', runs: [{ label: 'derandomized', history }], references: [{ label: 'best known 11624', value: 11624, dashed: true }] }));
 */
export function maxcutFigure(options: MaxcutFigureOptions): TopLevelSpec {
  const references: ReferenceLine[] = (options.references ?? []).map((r) => ({
    y: r.value,
    label: r.label,
    dashed: r.dashed ?? true,
    ...(r.color === undefined ? {} : { color: r.color }),
  }));
  const several = options.runs.length > 1;
  const cutRows = options.runs.flatMap((run) => run.history.map((h) => ({ step: h.step, cut: h.cut, run: run.label })));
  const cuts = lineChart({
    title: `Cut value over iterations (${options.graph})`,
    rows: cutRows,
    x: { field: 'step', title: 'iteration' },
    y: { field: 'cut', title: 'cut value' },
    ...(several ? { series: { field: 'run', title: 'run' } } : {}),
    references,
    width: 420,
    height: 280,
  });
  const spreadRows = options.runs.flatMap((run) =>
    run.history.flatMap((h) => {
      const value = h.normV ?? h.maxSigma;
      return value === undefined || !(value > 0) ? [] : [{ step: h.step, spread: value, run: run.label }];
    }),
  );
  if (spreadRows.length === 0) return cuts;
  const sigma = options.runs.every((run) => run.history.every((h) => h.normV === undefined));
  const spread = lineChart({
    title: sigma ? `Maximum σ over iterations (${options.graph})` : `‖V‖_F over iterations (${options.graph})`,
    rows: spreadRows,
    x: { field: 'step', title: 'iteration' },
    y: { field: 'spread', title: sigma ? 'max σ' : '‖V‖_F', scale: 'log' },
    ...(several ? { series: { field: 'run', title: 'run' } } : {}),
    width: 420,
    height: 280,
  });
  return panels(`MAXCUT rounding on ${options.graph}`, [cuts, spread]);
}

/** One graph's figures stage by stage, each as a fraction of its certified upper bound. */
export interface MaxcutStagesFigureRow {
  readonly graph: string;
  readonly stages: readonly { readonly stage: string; readonly fraction: number }[];
}

/**
 * What each stage of the MAXCUT pipeline adds, per graph: the stages in pipeline order on the x
 * axis (E[GW], the GW best of N, its polish, sign(μ), the conditional-expectation step, the polish
 * of our cut), the cut as a fraction of the certified upper bound on the y axis, one line per graph.
 *
 * @example
 * renderSvg(maxcutStagesFigure([{ graph: 'G1', stages: [{ stage: 'E[GW]', fraction: 0.933 }, { stage: 'sign(μ)', fraction: 0.960 }] }]));
 */
export function maxcutStagesFigure(rows: readonly MaxcutStagesFigureRow[]): TopLevelSpec {
  const order = [...new Set(rows.flatMap((r) => r.stages.map((s) => s.stage)))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 520,
    height: 260,
    title: 'Each stage as a fraction of the certified upper bound',
    data: { values: rows.flatMap((r) => r.stages.map((s) => ({ graph: r.graph, stage: s.stage, fraction: s.fraction }))) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'stage', type: 'ordinal', sort: order, title: 'stage', axis: { labelAngle: -30 } },
      y: { field: 'fraction', type: 'quantitative', scale: { zero: false }, title: 'cut / upper bound' },
      color: { field: 'graph', type: 'nominal', title: 'graph' },
    },
  };
}
