import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dataDir, DATA_DIR_MISSING } from '@derand/core/node';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'derand-input-'));
const data = dataDir();
// a 10-vertex rudy graph (a cycle and its chords), small enough to solve in a moment
const edges = Array.from({ length: 10 }, (_, i) => `${i + 1} ${((i + 1) % 10) + 1} 1`).concat(['1 6 -1', '2 7 1', '3 8 1']);
const rudy = `10 ${edges.length}\n${edges.join('\n')}\n`;
const fast = ['--json', '--seed', '1', '--hyperplanes', '10'];

const cutOf = (stdout: string): { n: number; m: number; cut: number; graph: string } => JSON.parse(stdout) as { n: number; m: number; cut: number; graph: string };

describe('input that is not what it claims, read from anywhere', () => {
  it('ends a truncated Gset file with the rudy reader’s error and exit code 2, not another graph', (context) => {
    if (data === undefined) return context.skip(DATA_DIR_MISSING);
    const truncated = join(dir, 'G1trunc.txt');
    writeFileSync(truncated, `${readFileSync(join(data, 'gset', 'G1.txt'), 'utf8').split('\n').slice(0, 100).join('\n')}\n`);
    const run = runCli(['maxcut', truncated]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/G1trunc\.txt:1: the header announces 19176 edges but the file has 99 edge lines/);
    expect(run.stderr).toMatch(/--format edge-list/);
  });

  it('ends the 3-vertex file "3 2 / 1 2 1" with exit code 2, and reads it as an edge list when told to', () => {
    const three = join(dir, 'three.txt');
    writeFileSync(three, '3 2\n1 2 1\n');
    const run = runCli(['maxcut', three]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/three\.txt:1: the header announces 2 edges but the file has 1 edge line/);
    const forced = runCli(['maxcut', three, '--format', 'edge-list', ...fast]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(cutOf(forced.stdout)).toMatchObject({ n: 3, m: 2, cut: 2 });
  });

  it("reads '-' from standard input, plain or gzip, and .gz files, to the same result as the file", () => {
    const path = join(dir, 'cycle.txt');
    writeFileSync(path, rudy);
    writeFileSync(`${path}.gz`, gzipSync(rudy));
    const fromFile = runCli(['maxcut', path, ...fast]);
    expect(fromFile.status, fromFile.stderr).toBe(0);
    const expected = cutOf(fromFile.stdout);
    expect([expected.n, expected.m]).toEqual([10, 13]);
    const runs = {
      stdin: runCli(['maxcut', '-', ...fast], { input: rudy }),
      'gzip stdin': runCli(['maxcut', '-', ...fast], { input: gzipSync(rudy) }),
      '.gz file': runCli(['maxcut', `${path}.gz`, ...fast]),
    };
    for (const [label, run] of Object.entries(runs)) {
      expect(run.status, `${label}: ${run.stderr}`).toBe(0);
      expect(cutOf(run.stdout).cut, label).toBe(expected.cut);
    }
    expect(cutOf(runs.stdin.stdout).graph).toBe('<stdin>');
    // on standard input errors name <stdin> and the line
    const bad = runCli(['maxcut', '-'], { input: '3 2\n1 2 1\n' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/<stdin>:1: the header announces 2 edges/);
  });

  it("reads JL data from '-' by evidence or --data-format, and .gz data files", () => {
    const csv = '1,0,0,0\n0,1,0,0\n0,0,1,0\n0,0,0,1\n1,1,0,0\n0,1,1,1\n';
    const jl = ['--k', '2', '--steps', '20', '--baselines', 'none', '--json'];
    writeFileSync(join(dir, 'points.csv.gz'), gzipSync(csv));
    const runs = [
      runCli(['jl', '-', ...jl], { input: csv }),
      runCli(['jl', '-', '--data-format', 'json', ...jl], { input: JSON.stringify(csv.trim().split('\n').map((l) => l.split(',').map(Number))) }),
      runCli(['jl', join(dir, 'points.csv.gz'), ...jl]),
    ];
    for (const run of runs) {
      expect(run.status, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { data: { n: number; d: number } }).data).toMatchObject({ n: 6, d: 4 });
    }
    const words = runCli(['jl', '-', ...jl], { input: 'a b\nc d\n' });
    expect(words.status).toBe(2);
    expect(words.stderr).toMatch(/<stdin> was read as CSV because nothing says what the data is; pass --data-format/);
  });
});
