import { describe, expect, it } from 'vitest';
import { renderSvg } from '../render.js';
import { jlFigure } from './jl.js';

const curve = Array.from({ length: 50 }, (_, i) => ({ step: i * 20, max: 1.2 * 0.95 ** i + 0.15, sigma: 0.9 ** i }));

describe('jlFigure', () => {
  it('draws distortion with the baselines as lines, next to σ on a log scale', async () => {
    const svg = await renderSvg(
      jlFigure({
        problem: 'pairwise',
        k: 30,
        runs: [{ label: 'sampler', curve }],
        baselines: [
          { label: 'Gaussian, mean of 100', value: 1.18 },
          { label: 'Gaussian, best of 100', value: 0.89 },
          { label: 'PCA', value: 0.83 },
        ],
      }),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['Max pairwise distortion over iterations (k = 30)', 'Gaussian, best of 100 0.89', 'PCA 0.83', 'sampler', 'Sampler spread σ over iterations']) expect(svg).toContain(text);
    // one line per run and per baseline
    expect((svg.match(/class="mark-line role-mark/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('leaves out the σ panel when no run has a sampler, and colours several runs', async () => {
    const direct = curve.map(({ step, max }) => ({ step, max }));
    const spec = jlFigure({ problem: 'norm', k: 20, runs: [{ label: 'direct', curve: direct }, { label: 'direct, 2', curve: direct }] });
    const svg = await renderSvg(spec);
    expect(svg).not.toContain('Sampler spread');
    expect(svg).toContain('direct, 2');
  });
});
