import { describe, expect, it } from 'vitest';
import { parseReproduceResults } from './reproduce-results.js';
import { experimentMarkdown, formatNumber, resultsPages } from './render-results.js';

const experiment = {
  section: 'MAXCUT',
  title: 'A graph',
  config: { derandomized: { solver: 'maxcut', options: { graph: 'g.txt' } }, note: 'not a run' },
  metrics: { cut: 41, ratio: 0.000022963, collapsed: true, missing: null },
  claims: [
    { claim: 'cut reaches the optimum', measured: 41, measuredBy: 'sign(μ)', relation: '>=' as const, reference: 41, source: 'enumeration', holds: true },
    { claim: 'V collapsed', measured: 0.5, measuredBy: '‖V‖_F at the end', relation: '<=' as const, reference: 0.01, source: '1e-3·‖V₀‖_F', holds: false },
  ],
  tables: [],
  provenance: { derandomized: { data: [{ name: '/somewhere/g.txt', path: '/somewhere/g.txt', bytes: 10, sha256: 'ab'.repeat(32) }], packages: {} } },
  figures: [{ title: 'Cut [over] iterations', file: 'figures/g-1.svg' }],
};

describe('the results pages', () => {
  it('prints numbers to 4 significant digits, exponents when tiny, integers as they are', () => {
    expect(formatNumber(41)).toBe('41');
    expect(formatNumber(0.000022963)).toBe('2.296e-5');
    expect(formatNumber(39.38112721773826)).toBe('39.38');
    expect(formatNumber(1e-3)).toBe('0.001');
    expect(formatNumber(12345678.5)).toBe('1.235e7');
  });

  it('renders an experiment: its figure, the comparison, its metrics and its solver runs as JSON', () => {
    const markdown = experimentMarkdown('g', experiment, 4.12345);
    expect(markdown).toContain('![Cut over iterations](/results/figures/g-1.svg)');
    expect(markdown).toContain('<td>2.296e-5</td>');
    expect(markdown).toContain('<td>–</td>');
    expect(markdown).toContain('"graph": "g.txt"');
    expect(markdown).not.toContain('not a run');
    expect(markdown).toContain('Ran in 4.123 s.');
    expect(markdown).toContain('Claims checked in this run: 1 of 2 held');
    expect(markdown).toContain('<td>✗ not held</td>');
    expect(markdown).toContain('<td>≤ 0.01</td>');
    expect(markdown).toContain(`(SHA-256 <code>${'ab'.repeat(32)}</code>)`);
  });

  it('checks the format of results.json and groups experiments by section', () => {
    expect(() => parseReproduceResults('{"format": "other"}')).toThrow(/expected 'derand-reproduce-results\/2'/);
    const results = parseReproduceResults(
      JSON.stringify({ format: 'derand-reproduce-results/2', seed: 0, backend: 'wasm', quick: false, versions: { node: 'v20' }, experiments: { g: experiment }, timings: { startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:10:00Z', experimentSeconds: { g: 4 } } }),
    );
    const { page, parts } = resultsPages(results);
    expect(parts.map((p) => p.file)).toEqual(['parts/results/g.md']);
    expect(page.markdown).toContain('## MAXCUT');
    expect(page.markdown).toContain('### A graph {#g}');
    expect(page.markdown).toContain('the full run');
  });
});
