import { lineChart, panels } from '../charts.js';
import type { TopLevelSpec } from '../render.js';

/** One point of a JL training curve. */
export interface JlCurvePoint {
  readonly step: number;
  /** max|δ| of the deterministic matrix at this step. */
  readonly max: number;
  /** The sampler's spread (|σ| or max|S|); absent for direct optimisation. */
  readonly sigma?: number;
}

/** A baseline drawn as a horizontal line. */
export interface JlBaselineLine {
  readonly label: string;
  readonly value: number;
}

export interface JlFigureInput {
  /** Which distortion the curve shows ("pairwise", "norm"). */
  readonly problem: string;
  readonly k: number;
  /** One or several runs (e.g. sampler and direct), each a curve. */
  readonly runs: readonly { readonly label: string; readonly curve: readonly JlCurvePoint[] }[];
  readonly baselines?: readonly JlBaselineLine[];
  /** Draws per random baseline, shown in the title. */
  readonly trials?: number;
  readonly width?: number;
  readonly height?: number;
}

/**
 * The JL figures of the paper (Figs. 6–7) as one Vega-Lite spec: max distortion of the
 * deterministic matrix over iterations, with the baselines as horizontal lines named in the
 * legend (the paper draws the mean and the best of the Gaussian draws), next to the sampler's σ over iterations
 * on a log scale (omitted when no run has a sampler).
 *
 * @param input - runs (label and curve), baselines (label, value), problem name and k.
 * @returns a spec for `renderSvg` (CLI) or a live view (docs).
 * @example const svg = await renderSvg(jlFigure({ problem: 'pairwise', k: 30, runs: [{ label: 'sampler', curve }], baselines: [{ label: 'Gaussian, best of 100', value: 0.89 }] }));
 */
export function jlFigure(input: JlFigureInput): TopLevelSpec {
  const width = input.width ?? 440;
  const height = input.height ?? 300;
  const last = Math.max(1, ...input.runs.flatMap((run) => run.curve.map((p) => p.step)));
  // baselines are constant series across the whole run, so the legend names them (labels at the edge collide when values are close)
  const distortionRows = [
    ...input.runs.flatMap((run) => run.curve.map((p) => ({ step: p.step, distortion: p.max, line: run.label }))),
    ...(input.baselines ?? []).flatMap((b) => [0, last].map((step) => ({ step, distortion: b.value, line: `${b.label} ${b.value.toFixed(2)}` }))),
  ];
  const distortion = lineChart({
    title: `Max ${input.problem} distortion over iterations (k = ${input.k}${input.trials === undefined ? '' : `; random maps: ${input.trials} draws`})`,
    rows: distortionRows,
    x: { field: 'step', title: 'iteration' },
    y: { field: 'distortion', title: `max |‖Px‖²/‖x‖² − 1| (${input.problem})`, scale: 'log' },
    series: { field: 'line', title: 'run / baseline' },
    width,
    height,
  });
  const sigmaRows = input.runs.flatMap((run) =>
    run.curve.filter((p) => p.sigma !== undefined && p.sigma > 0).map((p) => ({ step: p.step, sigma: p.sigma!, run: run.label })),
  );
  if (sigmaRows.length === 0) return panels(`Johnson–Lindenstrauss, ${input.problem} distortion`, [distortion]);
  const sigma = lineChart({
    title: 'Sampler spread σ over iterations',
    rows: sigmaRows,
    x: { field: 'step', title: 'iteration' },
    y: { field: 'sigma', title: 'σ (log scale)', scale: 'log' },
    ...(input.runs.length > 1 ? { series: { field: 'run', title: 'run' } } : {}),
    width,
    height,
  });
  return panels(`Johnson–Lindenstrauss, ${input.problem} distortion`, [distortion, sigma]);
}
