import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from './cli-process.js';
import { runCli } from './run-cli.js';

const probe = fileURLToPath(new URL('./fixtures/sweep-probe.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'derand-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (path: string): string[] => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l !== '') : []);

describe('derand sweep on local worker threads', () => {
  it('a restart of a half-done sweep runs only the missing runs (after a kill, even mid-write)', async () => {
    const grid = join(dir, 'restart.yaml');
    writeFileSync(grid, 'solver: sweep-probe\noptions:\n  busyMs: 300\ngrid:\n  x: [1, 2, 3, 4, 5, 6]\nrepeats: 2\n');
    const out = join(dir, 'restart');
    const results = join(out, 'results.jsonl');
    const first = startCli(['sweep', grid, '--plugin', probe, '--workers', '1', '--out', out]);
    while (lines(results).length < 3) {
      expect(first.child.exitCode, first.stderr()).toBeNull();
      await sleep(50);
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const before = lines(results);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(12);
    // a record cut short by the kill
    appendFileSync(results, '{"format":"derand-sweep-result/1","runId":"');

    const again = runCli(['sweep', grid, '--plugin', probe, '--workers', '1', '--out', out, '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('removed a partial last line');
    const outcome = JSON.parse(again.stdout) as { runs: number; skipped: number; submitted: number; ok: number };
    expect(outcome).toMatchObject({ runs: 12, skipped: before.length, submitted: 12 - before.length, ok: 12 });
    const after = lines(results);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(12);
    expect(new Set(after.map((l) => (JSON.parse(l) as { runId: string }).runId)).size).toBe(12);

    // a third start has nothing left to run
    const third = JSON.parse(runCli(['sweep', grid, '--plugin', probe, '--out', out, '--json', '--quiet']).stdout) as { skipped: number; submitted: number };
    expect(third).toMatchObject({ skipped: 12, submitted: 0 });
    expect(lines(results)).toHaveLength(12);
  });

  it('records a failing run with its error, completes the rest and exits 1', () => {
    const grid = join(dir, 'poison.yaml');
    writeFileSync(grid, 'solver: sweep-probe\noptions:\n  failAt: 2\ngrid:\n  x: [1, 2, 3]\nplot:\n  metric: value\n  x: x\n');
    const out = join(dir, 'poison');
    const run = runCli(['sweep', grid, '--plugin', probe, '--workers', '2', '--out', out, '--json']);
    expect(run.status, run.stderr).toBe(1);
    const records = lines(join(out, 'results.jsonl')).map((l) => JSON.parse(l) as { status: string; params: { x: number }; error?: { message: string }; metrics?: { value: number } });
    expect(records.map((r) => [r.params.x, r.status]).sort()).toEqual([[1, 'ok'], [2, 'failed'], [3, 'ok']]);
    expect(records.find((r) => r.status === 'failed')?.error?.message).toBe('poisoned configuration x=2');
    // value = x + the mean of 256 standard normals: within 4/√256 of x
    for (const r of records.filter((r) => r.status === 'ok')) expect(Math.abs(r.metrics!.value - r.params.x)).toBeLessThan(0.25);
    expect(readFileSync(join(out, 'plot.svg'), 'utf8')).toContain('<svg');
    expect(run.stderr).toMatch(/run [0-9a-f]{16} \(#2\) failed/);
  });

  it('--dry-run expands the grid deterministically: the same run ids and seeds every time, others for another --seed', () => {
    const grid = join(dir, 'dry.yaml');
    writeFileSync(grid, 'solver: sweep-probe\ngrid:\n  x: [1, 2]\n  busyMs: [0, 1]\nrepeats: 3\n');
    const expand = (...extra: string[]) => {
      const run = runCli(['sweep', grid, '--plugin', probe, '--dry-run', ...extra]);
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as { sweep: { sweepId: string; runs: number }; runs: { runId: string; seed: number; replicate: number; params: { x: number; busyMs: number } }[] };
    };
    const a = expand();
    expect(a.sweep.runs).toBe(12);
    expect(a.runs.map((r) => [r.params.x, r.params.busyMs, r.replicate])).toEqual([1, 2].flatMap((x) => [0, 1].flatMap((busyMs) => [0, 1, 2].map((rep) => [x, busyMs, rep]))));
    expect(new Set(a.runs.map((r) => r.runId)).size).toBe(12);
    // one seed per replicate, shared across configurations (paired comparisons)
    expect(new Set(a.runs.map((r) => r.seed)).size).toBe(3);
    expect(a.runs.filter((r) => r.replicate === 1).every((r) => r.seed === a.runs[1]!.seed)).toBe(true);
    expect(expand()).toEqual(a);
    const other = expand('--seed', '7');
    expect(other.runs.some((r, i) => r.runId === a.runs[i]!.runId || r.seed === a.runs[i]!.seed)).toBe(false);
    expect(other.sweep.sweepId).not.toBe(a.sweep.sweepId);
  });

  it('an unreachable or malformed --queue is refused before anything is written', () => {
    const grid = join(dir, 'queue.yaml');
    writeFileSync(grid, 'solver: sweep-probe\ngrid:\n  x: [1]\n');
    const out = join(dir, 'unreachable');
    const sweep = runCli(['sweep', grid, '--plugin', probe, '--queue', 'redis://127.0.0.1:1', '--out', out]);
    expect(sweep.status).toBe(2);
    expect(sweep.stderr).toContain('Cannot reach Redis at redis://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1)');
    expect(existsSync(out)).toBe(false);
    const worker = runCli(['worker', '--queue', 'http://127.0.0.1:6379']);
    expect(worker.status).toBe(2);
    expect(worker.stderr).toContain("scheme 'http' is not redis or rediss");
  });

  it('a bad grid file is refused before anything runs, every problem named by file and line with the fix', () => {
    const grid = join(dir, 'bad.yaml');
    writeFileSync(grid, ['solver: structure-discovery', 'options:', '  stepz: 100', 'grid:', '  lambda: [0.1, -1]', '  k: [1]', 'plot:', '  metric: orthFraction', '  x: lamda', ''].join('\n'));
    const run = runCli(['sweep', grid, '--out', join(dir, 'bad')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${grid}:3: stepz: is not an option of solver 'structure-discovery'; did you mean steps`);
    expect(run.stderr).toMatch(new RegExp(`${grid}:5: lambda: .*\\[run #2\\] \\(got -1\\)`));
    expect(run.stderr).toContain(`${grid}:9: plot.x: 'lamda' is not a grid parameter (parameters: lambda, k)`);
    expect(existsSync(join(dir, 'bad'))).toBe(false);

    writeFileSync(grid, 'solver: structure-discovery\ngrid:\n  lambda: 0.1\nrepeat: 2\n');
    const shape = runCli(['sweep', grid]);
    expect(shape.status).toBe(2);
    expect(shape.stderr).toContain(`${grid}:3: grid.lambda:`);
    expect(shape.stderr).toContain(`${grid}:4: repeat: is not a grid file key; did you mean repeats?`);

    writeFileSync(grid, 'solver: structure-discovery\ngrid: [1, 2\n');
    const syntax = runCli(['sweep', grid]);
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toContain(`Grid file ${grid} is not valid YAML`);
  });
});
