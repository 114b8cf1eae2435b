import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render.js';
import { maxcutFigure } from './maxcut.js';

const history = Array.from({ length: 40 }, (_, i) => ({ step: 10 * i, cut: 11000 + 600 * (1 - 0.9 ** i), normV: 28 * 0.8 ** i }));

describe('maxcutFigure', () => {
  it('draws the cut with its reference lines next to ‖V‖_F on a log scale', async () => {
    const svg = await renderSvg(
      maxcutFigure({
        graph: 'G1',
        runs: [{ label: 'derandomized', history }],
        references: [
          { label: 'best known 11624', value: 11624 },
          { label: 'E[GW] 11270.4', value: 11270.4, color: '#888' },
        ],
      }),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['Cut value over iterations (G1)', '‖V‖_F over iterations (G1)', 'best known 11624', 'E[GW] 11270.4']) expect(svg).toContain(text);
    expect((svg.match(/class="mark-line role-mark/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('shows max σ for the score-function variant and a single panel without spreads', async () => {
    const sigma = history.map(({ step, cut }, i) => ({ step, cut, maxSigma: 0.99 ** i }));
    expect(await renderSvg(maxcutFigure({ graph: 'paper-g15', runs: [{ label: 'score-function', history: sigma }] }))).toContain('Maximum σ over iterations');
    const bare = maxcutFigure({ graph: 'x', runs: [{ label: 'r', history: history.map(({ step, cut }) => ({ step, cut })) }] });
    expect(JSON.stringify(bare)).not.toContain('hconcat');
  });
});
