import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface LemmaRun {
  lambda: number;
  normW0: number;
  normW: number;
  gradNorm: number;
  lambdaMin: number;
  K: number;
  rho: number;
  gradientHolds: boolean;
  curvatureHolds: boolean;
  curvatureThreshold: number;
  isSOSP: boolean;
  bound: number | null;
  withinBound: boolean | null;
}

describe('derand lemma', { timeout: 900_000 }, () => {
  it('certifies a ρ-SOSP within the lemma bound for λ = 1e-1, 1e-2, 1e-3 (k = 4, x ∈ R^8, 14⁴ Gauss–Hermite nodes in the row space of W)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'derand-lemma-'));
    const run = runCli(['lemma', '--json', '--lambda', '0.1,0.01,0.001', '--svg', join(dir, 'lemma.svg')], { timeoutMs: 600_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { solver: string; allSOSP: boolean; allWithinBound: boolean; runs: LemmaRun[]; svg: string };
    expect(out).toMatchObject({ solver: 'lemma', allSOSP: true, allWithinBound: true });
    for (const field of ['normW', 'gradNorm', 'lambdaMin', 'rho', 'gradientHolds', 'curvatureHolds', 'isSOSP', 'bound']) expect(out.runs[0]).toHaveProperty(field);
    expect(out.runs.map((r) => r.lambda)).toEqual([0.1, 0.01, 0.001]);
    for (const r of out.runs) {
      // ρ is the stated tolerance (the solver's default), each half checked from the reported figures
      expect(r.rho).toBe(1e-6);
      expect(r.gradientHolds, `λ = ${r.lambda}: ‖∇f‖ = ${r.gradNorm}`).toBe(r.gradNorm <= 1e-6);
      expect(r.curvatureHolds, `λ = ${r.lambda}`).toBe(r.lambdaMin >= -Math.sqrt(r.K * 1e-6));
      expect(r.isSOSP, `λ = ${r.lambda}`).toBe(true);
      expect(r.bound, `λ = ${r.lambda}`).not.toBeNull();
      expect(r.normW, `λ = ${r.lambda}`).toBeLessThanOrEqual(r.bound!);
      // the bound itself, recomputed from the stated ρ and the reported K
      expect(r.bound!).toBeCloseTo(1e-6 / (2 * r.lambda - Math.sqrt(r.K * 1e-6)), 12);
      expect(r.normW).toBeLessThan(1e-3 * r.normW0);
      expect(r.withinBound, `λ = ${r.lambda}`).toBe(true);
    }
    const svg = readFileSync(out.svg, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('‖W‖_F');
  });

  it('rejects bad flags clearly', () => {
    const run = runCli(['lemma', '--lambda', '0.1,-2', '--hidden', '4,0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('lambda.1 (--lambda): Too small: expected number to be >0 (got -2)');
    expect(run.stderr).toContain('hidden.1 (--hidden): Too small: expected number to be >0 (got 0)');
    const nodes = runCli(['lemma', '--quadrature', '40', '--k', '8']);
    expect(nodes.status).toBe(2);
    expect(nodes.stderr).toContain('quadrature (--quadrature): 40^min(k = 8, d = 8) = 6553600000000 nodes; keep q^min(k, d) ≤ 200000');
  });
});

describe('derand toy', () => {
  it('prints w*(λ) for both bias settings: frozen needs large λ, trainable needs a tiny one', () => {
    const run = runCli(['toy', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { wStar: Record<'frozen' | 'trainable', { lambda: number; w: number }[]> };
    expect(out.wStar.frozen).toHaveLength(13);
    expect(out.wStar.trainable).toHaveLength(13);
    const frozenSmall = out.wStar.frozen.filter((p) => p.lambda <= 1e-2);
    expect(frozenSmall.every((p) => Math.abs(p.w) > 0.4)).toBe(true);
    expect(Math.abs(out.wStar.frozen.at(-1)!.w)).toBeLessThan(1e-4); // λ = 1
    expect(out.wStar.trainable.every((p) => Math.abs(p.w) < 1e-4)).toBe(true);
  });
});
