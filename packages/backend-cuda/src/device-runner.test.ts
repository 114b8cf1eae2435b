import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleForDevice, runnerEntry } from '../scripts/device-bundle.mjs';

// The device pipeline, run here: a suite bundled as for the GPU machine (no node_modules,
// 'vitest' replaced by the mini runner) runs in plain node, passes what passes, fails what
// fails, and records skips with their reasons.

const fixture = fileURLToPath(new URL('../test/fixtures/runner-fixture.suite.ts', import.meta.url));
const outdir = mkdtempSync(join(tmpdir(), 'derand-device-runner-'));

interface SuiteReport {
  passed: number;
  failed: number;
  skipped: number;
  backendAtEnd: string;
  results: { name: string; state: string; error?: string; reason?: string }[];
}

function runNode(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout });
    });
  });
}

describe('device suite runner', () => {
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('runs a bundled suite in plain node and reports passes, failures and skips', async () => {
    await bundleForDevice({ entryPoints: { 'run-suite': runnerEntry, fixture }, outdir, minify: false });
    const report = join(outdir, 'report.json');
    const { code, stdout } = await runNode([join(outdir, 'run-suite.js'), join(outdir, 'fixture.js'), '--out', report]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/5 passed, 2 failed, 2 skipped/);
    const result = JSON.parse(readFileSync(report, 'utf8')) as SuiteReport;
    expect([result.passed, result.failed, result.skipped]).toEqual([5, 2, 2]);
    const byName = new Map(result.results.map((r) => [r.name, r]));
    expect(byName.get('outer > fails an assertion on purpose')?.error).toMatch(/expected 2 to be 3/);
    expect(byName.get('outer > throws on purpose')?.error).toMatch(/deliberate/);
    expect(byName.get('outer > skips with a reason')?.reason).toBe('no device here');
    expect(byName.get('outer > adds 2 + 2')?.state).toBe('pass');
    expect(byName.get('outer > nested with n=3 > runs inside')?.state).toBe('pass');
  }, 120_000);
});
