import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('derand front door', () => {
  it('lists cpu and wasm as available with measured GFLOP/s', () => {
    const run = runCli(['backends', '--json', '--size', '128']);
    expect(run.status, run.stderr).toBe(0);
    const { backends } = JSON.parse(run.stdout) as { backends: { id: string; available: boolean; matmul?: { gflops: number } }[] };
    for (const id of ['cpu', 'wasm']) {
      const b = backends.find((x) => x.id === id);
      expect(b?.available, id).toBe(true);
      expect(b?.matmul?.gflops, id).toBeGreaterThan(0);
    }
    // wasm (SIMD, XNNPACK) must beat the plain-JS reference
    const gflops = (id: string): number => backends.find((x) => x.id === id)?.matmul?.gflops ?? 0;
    expect(gflops('wasm')).toBeGreaterThan(gflops('cpu'));
  });

  it('lists every registered plugin with its options schema', () => {
    const run = runCli(['plugins', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const { plugins } = JSON.parse(run.stdout) as { plugins: { id: string; kind: string; summary: string; options: object }[] };
    expect(plugins.map((p) => `${p.kind}:${p.id}`)).toEqual(expect.arrayContaining(['backend:wasm', 'backend:cpu']));
    for (const p of plugins) {
      expect(p.summary.length).toBeGreaterThan(0);
      // a JSON Schema: an object type, or a union of them (discriminated options)
      expect('type' in p.options || 'oneOf' in p.options || 'anyOf' in p.options, `${p.kind}:${p.id}`).toBe(true);
    }
  });

  it('prints help with examples, and the version', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('backends');
    const sub = runCli(['backends', '--help']);
    expect(sub.stdout).toContain('$ derand backends --json');
    expect(sub.stdout).toContain('--backend <id>');
    const version = runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects bad flags and values with a clear message and exit code 2', () => {
    const unknown = runCli(['backends', '--sise', '10']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--sise'");
    expect(unknown.stderr).toContain('--size');
    const bad = runCli(['backends', '--size', 'ten']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("'ten' is not an integer");
    const kind = runCli(['plugins', '--kind', 'optimiser', '--json']);
    expect(kind.status).toBe(2);
    expect(kind.stderr).toContain("--kind 'optimiser' is not a registered plugin kind");
    expect(JSON.parse(kind.stdout)).toMatchObject({ error: { code: 'BAD_FLAG' } });
    const seed = runCli(['plugins', '--seed', '-3']);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toContain('seed (--seed): Too small: expected number to be >=0 (got -3)');
  });
});
