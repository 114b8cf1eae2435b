import { beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { createRegistry, type SolverEvent } from '@derand/registry';
import { loadDataSource } from './data-source.js';
import { jlPlugins } from './plugins.js';
import type { JlRunResult } from './run-jl.js';

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('the jl solver plugin', () => {
  it('is resolved from a registry, validates its options and runs with the context seed', async () => {
    const registry = createRegistry([...jlPlugins]);
    const solver = registry.resolve('solver', 'jl');
    const options = registry.parseOptions('solver', 'jl', { data: 'uniform:30x60', k: 6, steps: 60, baselines: ['gaussian'], trials: 5 });
    const events: SolverEvent[] = [];
    const result = (await solver.run(options, { registry, backend: 'wasm', seed: 2, emit: (e) => events.push(e) })) as JlRunResult;
    expect(result).toMatchObject({ k: 6, problem: 'pairwise', method: 'isotropic', seed: 2, data: { n: 30, d: 60 } });
    expect(result.pairsMax).toBeLessThan(result.baselines[0]!.bestMax);
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'done', step: 60 });
    expect(() => registry.parseOptions('solver', 'jl', { data: 'x.csv', k: 0, method: 'sampler' })).toThrow();
  });

  it('names data sources: files, mnist:<n>, uniform:<n>x<d>', () => {
    expect(loadDataSource('uniform:5x7', 1)).toMatchObject({ rows: 5, cols: 7, source: 'uniform(n=5, d=7, seed=1)' });
    expect(loadDataSource('mnist:2', 0)).toMatchObject({ rows: 20, cols: 784 });
    expect(() => loadDataSource('uniform:5by7', 0)).toThrow(/write 'mnist:<per class>' .* or 'uniform:<n>x<d>'/);
  });
});
