import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutTimings } from '../src/reproduce/run-reproduce.js';
import { runCli } from './run-cli.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'derand-reproduce-'));
/** A fast subset covering both kinds of experiment; the full --quick run is the report test. */
const SUBSET = 'toy,jl-norms';

const results = (dir: string): string => {
  const value = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>;
  return JSON.stringify(withoutTimings(value), null, 2);
};

describe('derand reproduce', { timeout: 900_000 }, () => {
  it('gives byte-identical results.json (apart from timings) for the same seed, and different ones for another seed', () => {
    for (const [name, seed] of [['a', '5'], ['b', '5'], ['c', '6']] as const) {
      const run = runCli(['reproduce', '--quick', '--only', SUBSET, '--seed', seed, '--out', join(base, name), '--json'], { timeoutMs: 600_000 });
      expect(run.status, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as { report: string; results: string };
      expect(existsSync(summary.report)).toBe(true);
    }
    expect(results(join(base, 'b'))).toBe(results(join(base, 'a')));
    expect(results(join(base, 'c'))).not.toBe(results(join(base, 'a')));
    const timings = (JSON.parse(readFileSync(join(base, 'a', 'results.json'), 'utf8')) as { timings: { experimentSeconds: Record<string, number> } }).timings;
    expect(Object.keys(timings.experimentSeconds)).toEqual(['toy', 'jl-norms']);
  });

  it('resumes a killed run to the same final results, never leaving a half-written report', async () => {
    const out = join(base, 'killed');
    const child = spawn(process.execPath, [bin, 'reproduce', '--quick', '--only', SUBSET, '--seed', '5', '--out', out], { stdio: 'ignore' });
    const checkpoint = join(out, 'checkpoint.json');
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const done = existsSync(checkpoint) && (JSON.parse(readFileSync(checkpoint, 'utf8')) as { completed: Record<string, unknown> }).completed['toy'] !== undefined;
        if (done) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (Date.now() - started > 300_000) {
          clearInterval(poll);
          child.kill('SIGKILL');
          reject(new Error('the run never checkpointed its first experiment'));
        }
      }, 20);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    const again = runCli(['reproduce', '--quick', '--only', SUBSET, '--seed', '5', '--out', out], { timeoutMs: 600_000 });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('Add --resume to continue it');
    const mismatch = runCli(['reproduce', '--quick', '--only', SUBSET, '--seed', '7', '--out', out, '--resume']);
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toContain('--seed 5 (now 7)');
    const resumed = runCli(['reproduce', '--quick', '--only', SUBSET, '--seed', '5', '--out', out, '--resume'], { timeoutMs: 600_000 });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('(from checkpoint)');
    expect(results(out)).toBe(results(join(base, 'a')));
  });

  it('rejects unknown experiments with the closest ids', () => {
    const run = runCli(['reproduce', '--only', 'lema']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--only names unknown experiments: 'lema' (did you mean lemma?)");
  });
});
