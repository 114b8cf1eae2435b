import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface JlJson {
  k: number;
  method: string;
  normsMax: number;
  pairsMax: number;
  pairsMean: number;
  sigma: number | null;
  baselines: { id: string; trials: number; bestMax: number; meanMax: number }[];
  seconds: { fit: number; total: number };
  history: { step: number; max: number; sigma?: number }[];
  outputs: Record<string, string>;
  seed: number;
  provenance: { format: string; formatVersion: number; solver: string; seed: number; config: { k: number }; backend: { id: string }; packages: Record<string, string>; timings: Record<string, number> };
}

describe('derand jl', () => {
  it('fits the sampler, beats the baselines, writes the matrix and the SVG, and prints the JSON result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'derand-jl-'));
    const svg = join(dir, 'jl.svg');
    const npy = join(dir, 'P.npy');
    const run = runCli(['jl', 'uniform:40x80', '--k', '8', '--steps', '150', '--trials', '10', '--baselines', 'gaussian,pca', '--plot', svg, '--save', npy, '--json', '--seed', '3']);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as JlJson;
    expect(result).toMatchObject({ k: 8, method: 'isotropic', seed: 3 });
    // the same versioned provenance block as every solver's result
    expect(result.provenance).toMatchObject({ format: 'derand.result', formatVersion: 1, solver: 'jl', seed: 3, config: { k: 8 }, backend: { id: 'wasm' } });
    expect(result.provenance.packages['@derand/jl']).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.provenance.timings['total']).toBeGreaterThan(0);
    for (const field of ['normsMax', 'pairsMax', 'pairsMean'] as const) expect(Number.isFinite(result[field])).toBe(true);
    expect(result.sigma).toBeLessThan(1e-2);
    expect(result.baselines.map((b) => b.id)).toEqual(['gaussian', 'pca']);
    for (const b of result.baselines) expect(result.pairsMax, b.id).toBeLessThan(b.bestMax);
    expect(result.seconds.total).toBeGreaterThan(0);
    expect(result.history.length).toBeGreaterThan(10);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*Max pairwise distortion over iterations[\s\S]*Sampler spread σ/);
    const header = readFileSync(npy).subarray(0, 128).toString('latin1');
    expect(header).toContain("'shape': (8, 80)");
    expect(result.outputs).toEqual({ matrix: npy, plot: svg });
  });

  it('runs the direct ablation one flag away, reproducibly', () => {
    const args = ['jl', 'uniform:30x60', '--k', '6', '--steps', '80', '--method', 'direct', '--baselines', 'none', '--json'];
    const a = runCli(args);
    expect(a.status, a.stderr).toBe(0);
    const first = JSON.parse(a.stdout) as JlJson;
    expect(first.method).toBe('direct');
    expect(first.sigma).toBeNull();
    const second = JSON.parse(runCli(args).stdout) as JlJson;
    expect(second.pairsMax).toBe(first.pairsMax);
  });

  it('reports bad flags together, and bad data with file:line', () => {
    const flags = runCli(['jl', 'uniform', '--save', 'P.txt', '--temperature', '0.01', '--temperature-end', '0.1', '--problem', 'vectors', '--json']);
    expect(flags.status).toBe(2);
    expect(flags.stderr).toMatch(/--save: must end in \.json or \.npy[\s\S]*temperatureEnd \(--temperature-end\): must not exceed temperature 0\.01[\s\S]*vectors \(--vectors\): is required by the vectors problem/);
    expect(JSON.parse(flags.stdout)).toMatchObject({ error: { code: 'BAD_FLAG' } });

    const dir = mkdtempSync(join(tmpdir(), 'derand-jl-'));
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, 'a,b,c\n1,2,3\nnan,1,1\n0,0,0\n1,2,3\n');
    const data = runCli(['jl', csv, '--k', '5']);
    expect(data.status).toBe(2);
    expect(data.stderr).toContain(`${csv}:3: 1 row(s) hold NaN or ±Infinity`);
    expect(data.stderr).toContain(`${csv}:5 repeats ${csv}:2`);
    expect(data.stderr).toContain('k: must not exceed the data dimension d = 3');

    const missing = runCli(['jl', join(dir, 'none.npy')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('FILE_NOT_FOUND');
    expect(missing.stderr).toContain(`Cannot read ${join(dir, 'none.npy')}: no such file`);
    expect(existsSync(join(dir, 'none.npy'))).toBe(false);
  });

  it('documents itself', () => {
    const help = runCli(['jl', '--help']);
    expect(help.status).toBe(0);
    for (const text of ['--method <id>', '--problem <value>', '--plot <value>', '--optimizer <id>', '--epsilon <n>', '(jl-loss violation)', '$ derand jl uniform --k 30 --problem pairwise --plot jl.svg']) expect(help.stdout).toContain(text);
  });
});
