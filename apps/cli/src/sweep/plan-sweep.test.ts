import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCliRegistry } from '../registry.js';
import { readGridFile } from './grid-file.js';
import { planSweep } from './plan-sweep.js';

const registry = createCliRegistry();
const dir = mkdtempSync(join(tmpdir(), 'derand-plan-'));
let n = 0;
const gridFile = (text: string): Promise<Awaited<ReturnType<typeof readGridFile>>> => {
  const path = join(dir, `grid-${n++}.yaml`);
  writeFileSync(path, text);
  return readGridFile(path);
};
const plan = async (text: string, seed = 0) => planSweep(await gridFile(text), { registry, seed, backend: 'wasm', cwd: dir });

describe('planSweep', () => {
  it('expands entries × grid combinations × replicates, in that order, with flag names and JSON paths as keys', async () => {
    const p = await plan(
      [
        'solver: structure-discovery',
        'options: { d: 4, width: 16, certificate: false, teacher: { link: relu } }',
        'runs:',
        '  - name: mse',
        '  - { name: huber, options: { loss: huber } }',
        'grid:',
        '  teacher.k: [1, 2]',
        '  lr: ["0.05", "W=1,b=2"]',
        'repeats: 2',
      ].join('\n'),
    );
    expect(p.parameters).toEqual(['teacher.k', 'lr', 'run']);
    expect(p.runs).toHaveLength(2 * 2 * 2 * 2);
    expect(p.runs.map((r) => r.index)).toEqual([...Array(16).keys()]);
    const first = p.runs[0]!.options as { inputDim: number; student: { widths: number[] }; certificate: { enabled: boolean }; teacher: { k: number; link: string }; loss: { id: string } };
    expect(first).toMatchObject({ inputDim: 4, student: { widths: [16] }, certificate: { enabled: false }, teacher: { k: 1, link: 'relu' }, loss: { id: 'mse' } });
    expect(p.runs[0]!.params).toEqual({ 'teacher.k': 1, lr: '0.05', run: 'mse' });
    expect(p.runs[8]!.params).toEqual({ 'teacher.k': 1, lr: '0.05', run: 'huber' });
    expect((p.runs[8]!.options as { loss: { id: string } }).loss.id).toBe('huber');
    expect((p.runs[2]!.options as { teacher: { k: number } }).teacher.k).toBe(1);
    expect(p.runs[2]!.params['lr']).toBe('W=1,b=2');
    expect(new Set(p.runs.map((r) => r.runId)).size).toBe(16);
  });

  it('derives one seed per replicate by default and one per run with seedPer: run', async () => {
    const paired = await plan('solver: lemma\ngrid:\n  steps: [10, 20]\nrepeats: 2\n', 3);
    expect(paired.runs[0]!.seed).toBe(paired.runs[2]!.seed);
    expect(paired.runs[0]!.seed).not.toBe(paired.runs[1]!.seed);
    const own = await plan('solver: lemma\ngrid:\n  steps: [10, 20]\nrepeats: 2\nseedPer: run\n', 3);
    expect(new Set(own.runs.map((r) => r.seed)).size).toBe(4);
    const again = await plan('solver: lemma\ngrid:\n  steps: [10, 20]\nrepeats: 2\nseedPer: run\n', 3);
    expect(again.runs).toEqual(own.runs);
  });

  it('names each data file a run reads with its SHA-256, and a changed file changes the run ids', async () => {
    const graph = join(dir, 'square.txt');
    writeFileSync(graph, '4 4\n1 2 1\n2 3 1\n3 4 1\n4 1 1\n');
    const text = 'solver: maxcut\noptions: { graph: square.txt }\ngrid:\n  rounding: [hyperplane, derandomized]\n';
    const a = await plan(text);
    expect(a.runs[0]!.data).toEqual([{ name: 'square.txt', sha256: createHash('sha256').update('4 4\n1 2 1\n2 3 1\n3 4 1\n4 1 1\n').digest('hex') }]);
    writeFileSync(graph, '4 4\n1 2 1\n2 3 1\n3 4 1\n4 1 2\n');
    const b = await plan(text);
    expect(b.runs.map((r) => r.runId).some((id) => a.runs.some((r) => r.runId === id))).toBe(false);
    const inline = await plan('solver: maxcut\noptions:\n  graph: { n: 2, edges: [[0, 1]] }\n');
    expect(inline.runs[0]!.data).toEqual([]);
  });

  it('collects every problem with its line: unknown solver, bad values, repeated runs, plot parameters', async () => {
    await expect(plan('solver: structur-discovery\n')).rejects.toThrow(/:1: solver: .*structur-discovery/);
    const error = await plan(['solver: lemma', 'grid:', '  steps: [10, 10]', '  lamda: [1]', 'plot: { metric: m, x: steps, series: nope }'].join('\n')).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/grid-\d+\.yaml:4: lamda: is not an option of solver 'lemma'; did you mean .*lambda/);
    expect(message).toMatch(/grid-\d+\.yaml:5: plot.series: 'nope' is not a grid parameter/);
    const repeated = await plan('solver: lemma\ngrid:\n  steps: [10, 10]\n').catch((e: Error) => e);
    expect((repeated as Error).message).toMatch(/runs #1 and #2 are the same run \(run id [0-9a-f]{16}\)/);
    await expect(gridFile('grid:\n  steps: [1]\n')).rejects.toThrow(/no solver: give `solver: <id>`/);
  });
});
