import { lineChart, panels, scatterChart } from '../charts.js';
import type { TopLevelSpec } from '../render.js';

/** First-layer neurons at snapshot steps (as `StructureResult.trajectory`). */
export interface TrajectoryData {
  readonly steps: readonly number[];
  /** points[s][i]: coordinates of neuron i at steps[s]. */
  readonly points: readonly (readonly (readonly [number, number])[])[];
  /** `raw`: (w₁, w₂) in d = 2; `projected`: (⟨w, u₁⟩, ‖w⊥‖). */
  readonly coordinates: 'raw' | 'projected';
  /** U row-major; the first row is the direction drawn. */
  readonly directions: readonly number[];
}

const RED = '#d62728';
const BLUE = '#1f77b4';
const GREY = '#bbbbbb';

/**
 * The paper's Fig. 3: first-layer neurons at initialisation (red) and after training (blue),
 * with their log-spaced trajectories (grey) and the teacher direction span(u) dashed. In d = 2
 * the axes are the raw weights (the paper's [−4, 4] when everything fits); for d > 2 each neuron
 * is drawn at (⟨w, u₁⟩, ‖w⊥‖), so collapsing onto span(U) means falling onto the x-axis.
 *
 * @example const svg = await renderSvg(neuronTrajectoryFigure(result.trajectory));
 */
export function neuronTrajectoryFigure(trajectory: TrajectoryData, title = 'Weight progression with perturbed gradient descent'): TopLevelSpec {
  const last = trajectory.points.length - 1;
  const rows = trajectory.points.flatMap((points, s) =>
    points.map(([x, y]) => ({ x, y, phase: s === 0 ? 'initial' : s === last ? 'trained' : 'trajectory' })),
  );
  // draw order: trajectory first, then initial and trained on top
  rows.sort((a, b) => (a.phase === 'trajectory' ? 0 : 1) - (b.phase === 'trajectory' ? 0 : 1));
  const extent = rows.reduce((m, r) => Math.max(m, Math.abs(r.x), Math.abs(r.y)), 0);
  const limit = extent <= 4 ? 4 : Math.ceil(extent);
  const raw = trajectory.coordinates === 'raw';
  const u1 = trajectory.directions[0] ?? 1;
  const u2 = trajectory.directions[1] ?? 0;
  const scaleToBox = limit / Math.max(Math.abs(u1), Math.abs(u2), 1e-12);
  return scatterChart({
    title,
    rows,
    x: { field: 'x', title: raw ? 'w₁' : '⟨w, u₁⟩', domain: [-limit, limit] },
    y: { field: 'y', title: raw ? 'w₂' : '‖w⊥‖', domain: raw ? [-limit, limit] : [0, limit] },
    series: { field: 'phase', title: 'neurons', colors: { trajectory: GREY, initial: RED, trained: BLUE } },
    segments: [raw ? { x1: -u1 * scaleToBox, y1: -u2 * scaleToBox, x2: u1 * scaleToBox, y2: u2 * scaleToBox, label: 'span(u)' } : { x1: -limit, y1: 0, x2: limit, y2: 0, label: 'span(U)' }],
    size: 16,
    opacity: 0.7,
  });
}

/** A metrics history row (as `StructureResult.history`). */
export interface StructureHistoryPoint {
  readonly step: number;
  readonly value: number;
  readonly orthFraction: number;
  readonly normWperp: number;
  readonly testLoss?: number;
}

/**
 * Metric curves of one run: the orth fraction 1 − ‖WUᵀ‖²/‖W‖², ‖W⊥‖_F, and the training
 * objective with the test loss, all over steps on log axes.
 *
 * @example const svg = await renderSvg(structureMetricsFigure(result.history, { orthFraction: 0.0012 }));
 */
export function structureMetricsFigure(history: readonly StructureHistoryPoint[], reference?: { readonly orthFraction?: number }): TopLevelSpec {
  const positive = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;
  const rows = history.filter((r) => positive(r.orthFraction)).map((r) => ({ step: r.step + 1, orth: r.orthFraction, perp: r.normWperp }));
  const losses = history.flatMap((r) => [
    ...(positive(r.value) ? [{ step: r.step + 1, loss: r.value, curve: 'train (batch objective)' }] : []),
    ...(positive(r.testLoss) ? [{ step: r.step + 1, loss: r.testLoss, curve: 'test' }] : []),
  ]);
  return panels('Structure discovery: metrics over training', [
    lineChart({
      title: 'Orth fraction 1 − ‖WUᵀ‖²/‖W‖²',
      rows,
      x: { field: 'step', title: 'step', scale: 'log' },
      y: { field: 'orth', title: 'orth fraction', scale: 'log' },
      references: reference?.orthFraction === undefined ? [] : [{ y: reference.orthFraction, label: `reference ${reference.orthFraction}`, dashed: true }],
      width: 300,
      height: 220,
    }),
    lineChart({ title: '‖W⊥‖_F', rows, x: { field: 'step', title: 'step', scale: 'log' }, y: { field: 'perp', title: '‖W⊥‖_F', scale: 'log' }, width: 300, height: 220 }),
    lineChart({
      title: 'Loss',
      rows: losses,
      x: { field: 'step', title: 'step', scale: 'log' },
      y: { field: 'loss', title: 'loss', scale: 'log' },
      series: { field: 'curve', title: '' },
      width: 300,
      height: 220,
    }),
  ]);
}

/**
 * One structure-discovery run: the Fig. 3 trajectory panel next to the metric curves.
 *
 * @example writeFileAtomic('fig3.svg', await renderSvg(structureRunFigure(result)));
 */
export function structureRunFigure(run: { readonly trajectory: TrajectoryData; readonly history: readonly StructureHistoryPoint[] }, reference?: { readonly orthFraction?: number }): TopLevelSpec {
  return panels('Structure discovery', [neuronTrajectoryFigure(run.trajectory), structureMetricsFigure(run.history, reference)], 'vertical');
}

/** One λ of a sweep: the measured ‖W⊥‖_F and the bounds at the returned point (null: not applicable). */
export interface LambdaSweepPoint {
  readonly lambda: number;
  readonly normWperp: number;
  readonly steinBound?: number | null;
  readonly theoremBound?: number | null;
}

/**
 * ‖W⊥‖_F against λ (log–log), with Stein's bound ‖∇_W f·P⊥‖/(2λ + λ_min(∇²_b f)) and
 * Theorem 4.1's ρ/(2λ − √(Kρ)) where they apply.
 *
 * @example lambdaSweepFigure(sweep.points);
 */
export function lambdaSweepFigure(points: readonly LambdaSweepPoint[]): TopLevelSpec {
  const ok = (v: number | null | undefined): v is number => v !== undefined && v !== null && Number.isFinite(v) && v > 0;
  const rows = points.flatMap((p) => [
    ...(ok(p.normWperp) ? [{ lambda: p.lambda, value: p.normWperp, curve: 'measured ‖W⊥‖_F' }] : []),
    ...(ok(p.steinBound) ? [{ lambda: p.lambda, value: p.steinBound, curve: 'Stein bound' }] : []),
    ...(ok(p.theoremBound) ? [{ lambda: p.lambda, value: p.theoremBound, curve: 'Theorem 4.1 bound' }] : []),
  ]);
  return lineChart({
    title: '‖W⊥‖_F against λ; bounds ‖∇_W f·P⊥‖/(2λ + λmin(∇²_b f)) (Stein), ρ/(2λ − √(Kρ)) (Thm 4.1)',
    rows,
    x: { field: 'lambda', title: 'λ', scale: 'log' },
    y: { field: 'value', title: '‖W⊥‖_F', scale: 'log' },
    series: { field: 'curve', title: '' },
    points: true,
    width: 520,
  });
}

/** A labelled run for {@link comparisonFigure}. */
export interface ComparisonRun {
  readonly label: string;
  readonly history: readonly StructureHistoryPoint[];
}

/**
 * Several runs' orth fraction over steps on one log–log chart: trainable against frozen bias,
 * one loss against another, depth 2 against 3 and 4.
 *
 * @example comparisonFigure('First-layer bias', [{ label: 'trainable', history: a.history }, { label: 'frozen', history: b.history }]);
 */
export function comparisonFigure(title: string, runs: readonly ComparisonRun[], metric: 'orthFraction' | 'normWperp' = 'orthFraction'): TopLevelSpec {
  const rows = runs.flatMap((r) => r.history.filter((h) => h[metric] > 0 && Number.isFinite(h[metric])).map((h) => ({ step: h.step + 1, value: h[metric], run: r.label })));
  return lineChart({
    title,
    rows,
    x: { field: 'step', title: 'step', scale: 'log' },
    y: { field: 'value', title: metric === 'orthFraction' ? 'orth fraction' : '‖W⊥‖_F', scale: 'log' },
    series: { field: 'run', title: 'run' },
    width: 520,
  });
}
