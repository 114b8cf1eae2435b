import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render.js';
import { comparisonFigure, lambdaSweepFigure, neuronTrajectoryFigure, structureRunFigure } from './structure.js';

const u = [Math.SQRT1_2, Math.SQRT1_2];
const trajectory = {
  steps: [0, 10, 100],
  coordinates: 'raw' as const,
  directions: u,
  points: [
    [[1, -1], [-0.5, 0.8]],
    [[0.8, -0.2], [-0.4, 0.1]],
    [[0.6, 0.6], [-0.3, -0.3]],
  ] as [number, number][][],
};
const history = [0, 10, 100].map((step, i) => ({ step, value: 0.3 / (i + 1), orthFraction: 0.5 / 10 ** i, normWperp: 2 / 10 ** i, testLoss: 0.2 / (i + 1) }));

describe('structure figures', () => {
  it('draw the Fig. 3 trajectory: red initial, blue trained, grey path, dashed span(u) on [−4, 4]', async () => {
    const spec = neuronTrajectoryFigure(trajectory);
    const svg = await renderSvg(spec);
    expect(svg).toContain('#d62728');
    expect(svg).toContain('#1f77b4');
    expect(svg).toContain('stroke-dasharray');
    expect(JSON.stringify(spec)).toContain('"domain":[-4,4]');
    // 6 neuron points
    expect((svg.match(/class="mark-symbol role-mark/g) ?? []).length).toBeGreaterThanOrEqual(1);
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(6);
  });

  it('switch to (⟨w,u₁⟩, ‖w⊥‖) axes for d > 2 and widen the box to fit', () => {
    const spec = JSON.stringify(neuronTrajectoryFigure({ ...trajectory, coordinates: 'projected', points: [[[7.2, 1]], [[5, 0.1]]] }));
    expect(spec).toContain('⟨w, u₁⟩');
    expect(spec).toContain('"domain":[-8,8]');
    expect(spec).toContain('span(U)');
  });

  it('render the run, λ-sweep and comparison figures', async () => {
    const run = await renderSvg(structureRunFigure({ trajectory, history }, { orthFraction: 0.0012 }));
    expect(run).toContain('Orth fraction');
    expect(run).toContain('reference 0.0012');
    const sweep = await renderSvg(
      lambdaSweepFigure([
        { lambda: 1e-2, normWperp: 0.01, steinBound: 0.02, theoremBound: 0.5 },
        { lambda: 1e-4, normWperp: 0.3, steinBound: 0.4, theoremBound: null },
      ]),
    );
    expect(sweep).toContain('Stein bound');
    expect(sweep).toContain('Theorem 4.1 bound');
    const comparison = await renderSvg(comparisonFigure('First-layer bias', [{ label: 'trainable', history }, { label: 'frozen', history }]));
    expect(comparison).toContain('trainable');
    expect(comparison).toContain('frozen');
  });
});
