import { beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { createRegistry, runSolver, type SolverEvent } from '@derand/registry';
import { loadDataSource } from './data-source.js';
import { optimizerPlugins } from '@derand/core';
import { nodeFiles } from '@derand/core/node';
import { jlPlugins } from '../plugins.js';
import type { JlRunResult } from './run-jl.js';

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('the jl solver plugin', () => {
  it('is resolved from a registry, validates its options and runs with the context seed', async () => {
    const registry = createRegistry([...jlPlugins, ...optimizerPlugins]);
    const solver = registry.resolve('solver', 'jl');
    const options = registry.parseOptions('solver', 'jl', { data: 'uniform:30x60', k: 6, steps: 60, baselines: ['gaussian'], trials: 5 });
    const events: SolverEvent[] = [];
    const result = (await solver.run(options, { registry, backend: 'wasm', seed: 2, emit: (e: SolverEvent) => events.push(e) })) as JlRunResult;
    expect(result).toMatchObject({ k: 6, problem: 'pairwise', method: 'isotropic', seed: 2, data: { n: 30, d: 60 } });
    expect(result.pairsMax).toBeLessThan(result.baselines[0]!.bestMax);
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'done', step: 60 });
    expect(() => registry.parseOptions('solver', 'jl', { data: 'x.csv', k: 0, method: 'sampler' })).toThrow();
  });

  it('names data sources: files, mnist:<n>, uniform:<n>x<d>, mixture:<n>x<d>x<c>, inline rows', async () => {
    await expect(loadDataSource('uniform:5x7', 1)).resolves.toMatchObject({ rows: 5, cols: 7, source: 'uniform(n=5, d=7, seed=1)' });
    await expect(loadDataSource('mnist:2', 0, nodeFiles())).resolves.toMatchObject({ rows: 20, cols: 784 });
    await expect(loadDataSource({ rows: [[1, 2], [3, 4]] }, 0)).resolves.toMatchObject({ rows: 2, cols: 2, source: 'inline rows' });
    await expect(loadDataSource('uniform:5by7', 0)).rejects.toThrow(/write 'mnist:<per class>' .*, 'uniform:<n>x<d>' .* or 'mixture:<n>x<d>\[x<clusters>\]'/);
    await expect(loadDataSource('mixture:12x3x13', 0)).rejects.toThrow(/clusters between 1 and n/);
    // the mixture: 10 clusters of 3 points; each point is nearer its own centre's points than another's
    const mixture = await loadDataSource('mixture:30x40', 2);
    expect(mixture).toMatchObject({ rows: 30, cols: 40, source: 'mixture(n=30, d=40, clusters=10, seed=2)' });
    expect(Array.from((await loadDataSource('mixture:30x40', 2)).values)).toEqual(Array.from(mixture.values));
    const dist = (i: number, j: number) => Math.hypot(...Array.from({ length: 40 }, (_, q) => mixture.values[i * 40 + q]! - mixture.values[j * 40 + q]!));
    for (let i = 0; i < 30; i++) {
      const same = dist(i, (i + 10) % 30);
      for (let j = 0; j < 30; j++) if (j % 10 !== i % 10) expect(dist(i, j), `points ${i} and ${j}`).toBeGreaterThan(same);
    }
    expect(await loadDataSource('mixture', 0)).toMatchObject({ rows: 500, cols: 64, source: 'mixture(n=500, d=64, clusters=10, seed=0)' });
    await expect(loadDataSource('points.csv', 0)).rejects.toThrow(/this host reads none; pass the rows inline/);
  });

  it('resolves its sampler, loss and optimizer through the registry (same ids as core)', async () => {
    const registry = createRegistry([...jlPlugins, ...optimizerPlugins]);
    const context = { registry, backend: 'wasm', seed: 0, emit: () => undefined };
    const run = (options: Record<string, unknown>) => runSolver(registry, { solver: 'jl', options: { data: 'uniform:20x30', k: 5, steps: 40, baselines: 'none', ...options } }, context) as Promise<JlRunResult>;
    const momentum = await run({ optimizer: 'sgd-momentum', method: 'direct' });
    expect(momentum.options.optimizer.id).toBe('sgd-momentum');
    expect(momentum.history[0]?.learningRate).toBeCloseTo(3, 6);
    await expect(run({ optimizer: 'momentum' })).rejects.toThrow(/Unknown optimizer 'momentum'/);
    await expect(run({ method: { id: 'lowrank', options: { rank: 2 } }, loss: 'batch-max' })).rejects.toThrow(/batch-max' is a max over the sampled batch/);
  });
});
