import { describe, expect, it } from 'vitest';
import { lineChart, panels, scatterChart } from './charts.js';
import { renderSvg } from './render.js';

describe('charts render to SVG', () => {
  it('draws a line chart with series and a labelled reference line', async () => {
    const rows = [0, 1, 2, 3].flatMap((t) => [
      { step: t + 1, value: 30 + t, run: 'derandomized' },
      { step: t + 1, value: 28 + t / 2, run: 'GW' },
    ]);
    const svg = await renderSvg(
      lineChart({ title: 'Cut value', rows, x: { field: 'step', title: 'iteration', scale: 'log' }, y: { field: 'value', title: 'cut' }, series: { field: 'run', title: 'method' }, references: [{ y: 41, label: 'OPT = 41', dashed: true }] }),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Cut value');
    expect(svg).toContain('OPT = 41');
    expect(svg).toContain('derandomized');
    // two series → two line paths
    expect((svg.match(/class="mark-line role-mark/g) ?? []).length).toBeGreaterThanOrEqual(1);
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThan(2);
  });

  it('draws scatter points and dashed segments, side by side', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ x: Math.cos(i), y: Math.sin(i), phase: i < 10 ? 'initial' : 'trained' }));
    const svg = await renderSvg(
      panels('Neurons', [
        scatterChart({ title: 'a', rows, x: { field: 'x', title: 'w1', domain: [-2, 2] }, y: { field: 'y', title: 'w2', domain: [-2, 2] }, series: { field: 'phase', title: '', colors: { initial: 'red', trained: 'blue' } }, segments: [{ x1: -2, y1: -2, x2: 2, y2: 2, label: 'span(u)' }] }),
        scatterChart({ title: 'b', rows, x: { field: 'x', title: 'w1' }, y: { field: 'y', title: 'w2' } }),
      ]),
    );
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(40);
    expect(svg).toContain('stroke-dasharray');
  });
});
