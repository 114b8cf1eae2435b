import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('limits stated before work starts', () => {
  it('a graph with 10^7 vertices: what it needs and the option that fits, before the SDP allocates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'derand-limits-'));
    const path = join(dir, 'huge.txt');
    writeFileSync(path, '10000000 3\n1 2 1\n2 3 1\n9999999 10000000 -1\n');
    const run = runCli(['maxcut', path]);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/error \[TOO_LARGE\]: A graph with n = 10000000 vertices and m = 3 edges needs about [\d.]+ GiB \(SDP [\d.]+ GiB, .*\), but (this machine has|the wasm backend holds at most) [\d.]+ GiB.*To fit: --sdp-rank \d+/);
    expect(run.stderr).not.toMatch(/tfjs|RangeError|Invalid typed array/);
  });

  it('JL with exact pairs beyond the budget: --pairs sampled makes it fit', () => {
    const run = runCli(['jl', 'uniform:100000x4', '--k', '2', '--pairs', 'exact', '--baselines', 'none']);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/error \[TOO_LARGE\]: A JL fit of n = 100000 points in d = 4 dimensions \(k = 2, exact pairs, sampler isotropic\) needs about [\d.]+ GiB .*To fit: --pairs sampled/);
  });
});
