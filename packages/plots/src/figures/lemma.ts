import { lineChart, panels } from '../charts.js';
import type { TopLevelSpec } from '../render.js';

export interface LemmaFigureRun {
  readonly lambda: number;
  readonly history: readonly { readonly step: number; readonly normW: number }[];
  readonly bound?: number;
}

/** ‖W‖_F over PGD iterations for each λ, with the lemma's bound ρ/(2λ − √(Kρ)) at the end. */
export function lemmaFigure(runs: readonly LemmaFigureRun[]): TopLevelSpec {
  const rows = runs.flatMap((r) => r.history.filter((h) => h.normW > 0).map((h) => ({ step: h.step + 1, normW: h.normW, run: `λ = ${r.lambda}` })));
  return lineChart({
    title: 'Derandomization lemma: ‖W‖_F under perturbed gradient descent',
    rows,
    x: { field: 'step', title: 'iteration', scale: 'log' },
    y: { field: 'normW', title: '‖W‖_F', scale: 'log' },
    series: { field: 'run', title: 'λ' },
    references: runs.flatMap((r) =>
      r.bound === undefined || !Number.isFinite(r.bound) ? [] : [{ y: r.bound, label: `bound, λ = ${r.lambda}`, dashed: true, color: '#888' }],
    ),
    points: true,
  });
}

export interface ToyFigurePoint {
  readonly lambda: number;
  readonly bias: 'frozen' | 'trainable';
  readonly wStar: number;
}

/** The paper's Figs. 1–2: the minimiser w*(λ) with the bias frozen at 0 and trainable. */
export function toyFigure(points: readonly ToyFigurePoint[]): TopLevelSpec {
  const panel = (bias: 'frozen' | 'trainable', title: string): TopLevelSpec =>
    lineChart({
      title,
      rows: points.filter((p) => p.bias === bias).map((p) => ({ lambda: p.lambda, wStar: Math.abs(p.wStar) })),
      x: { field: 'lambda', title: 'λ', scale: 'log' },
      y: { field: 'wStar', title: '|w*(λ)|', domain: [0, 0.55] },
      points: true,
      width: 320,
      height: 240,
    });
  return panels('One smooth ReLU³ neuron fitting a constant', [
    panel('frozen', 'Fig. 1 — bias frozen at 0'),
    panel('trainable', 'Fig. 2 — bias trainable'),
  ]);
}
