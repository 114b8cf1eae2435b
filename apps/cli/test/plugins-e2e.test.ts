import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** The example plugin files of examples/plugins/, each a single .mjs file. */
const example = (name: string): string => fileURLToPath(new URL(`../../../examples/plugins/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'derand-plugins-'));
// a 4-cycle with a chord: OPT = 4 (the chord 1–3 joins two vertices on the same side of the best cut)
const graph = join(dir, 'c4.txt');
writeFileSync(graph, '4 5\n1 2 1\n2 3 1\n3 4 1\n4 1 1\n1 3 1\n');

const json = <T>(run: { status: number; stdout: string; stderr: string }): T => {
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};

describe('user plugins from examples/plugins, end to end', () => {
  it('a solver, run by `derand run` with its own flags, reproducible by seed', () => {
    const args = ['run', 'greedy-cut', '{"n": 4, "edges": [[0, 1], [1, 2], [2, 3], [3, 0], [0, 2]]}', '--restarts', '8', '--json', '--plugin', example('greedy-cut-solver.mjs')];
    const result = json<{ solver: string; cut: number; sides: number[] }>(runCli(args));
    expect(result.solver).toBe('greedy-cut');
    expect(result.cut).toBe(4);
    // the cut it reports is the cut of its sides
    const edges = [[0, 1], [1, 2], [2, 3], [3, 0], [0, 2]] as const;
    expect(edges.filter(([i, j]) => result.sides[i] !== result.sides[j]).length).toBe(result.cut);
    expect(json<{ sides: number[] }>(runCli(args)).sides).toEqual(result.sides);
    const help = runCli(['run', 'greedy-cut', '--help', '--plugin', example('greedy-cut-solver.mjs')]);
    expect(help.stdout).toContain('--restarts <n>');
    const dry = json<{ solver: string; options: { restarts: number } }>(runCli([...args.slice(0, 3), '--dry-run', '--plugin', example('greedy-cut-solver.mjs')]));
    expect(dry).toMatchObject({ solver: 'greedy-cut', options: { restarts: 8 } });
  });

  it('a MAXCUT rounding, used by `derand maxcut --rounding`', () => {
    const result = json<{ rounding: string; roundedCut: number; roundingDetails: { axis: number }; polishedCut: number | null }>(
      runCli(['maxcut', graph, '--plugin', example('first-axis-rounding.mjs'), '--rounding', 'first-axis', '--rounding-options', '{"axis": 1}', '--polish', 'none', '--json', '--quiet']),
    );
    expect(result).toMatchObject({ rounding: 'first-axis', roundingDetails: { axis: 1 }, polishedCut: null });
    expect(result.roundedCut).toBeGreaterThanOrEqual(0);
    expect(result.roundedCut).toBeLessThanOrEqual(4);
  });

  it('an optimizer, used by `derand structure`, `derand jl` and the MAXCUT rounding', () => {
    const plugin = ['--plugin', example('sign-descent.mjs'), '--optimizer', 'sign-descent'];
    const structure = json<{ optimizer: string; orthFraction: number; start: { orthFraction: number } }>(
      runCli(['structure', ...plugin, '--lr', '0.002', '--width', '64', '--steps', '300', '--no-certificate', '--test-size', '500', '--json', '--quiet']),
    );
    expect(structure.optimizer).toBe('sign-descent');
    expect(structure.orthFraction).toBeLessThan(structure.start.orthFraction);
    const jl = json<{ options: { optimizer: { id: string } }; history: { step: number; learningRate: number }[]; pairsMax: number; baselines: { bestMax: number }[] }>(
      runCli(['jl', 'uniform:40x80', '--k', '8', '--steps', '100', '--method', 'direct', '--baselines', 'gaussian', '--trials', '10', ...plugin, '--lr', '0.01', '--lr-end', '0.001', '--json', '--quiet']),
    );
    expect(jl.options.optimizer.id).toBe('sign-descent');
    // --lr and --lr-end reach the user's optimizer as the geometric decay schedule
    expect(jl.history[0]!.learningRate).toBeCloseTo(0.01, 8);
    expect(jl.history.at(-1)!.learningRate).toBeLessThan(0.002);
    expect(jl.pairsMax).toBeLessThan(jl.baselines[0]!.bestMax);
    const maxcut = json<{ rounding: string; steps: number; roundedCut: number; signCut: number; normV: number; normV0: number; provenance: { config: { rounding: { options: { optimizer: { id: string } } } } } }>(
      runCli(['maxcut', graph, ...plugin, '--lr', '0.05', '--max-steps', '200', '--polish', 'none', '--json', '--quiet']),
    );
    expect(maxcut.rounding).toBe('derandomized');
    expect(maxcut.steps).toBe(200);
    expect(maxcut.provenance.config.rounding.options.optimizer.id).toBe('sign-descent');
    // the user's optimizer moved V: sign descent changes ‖V‖_F by about 0.11 in 200 steps here, and does not collapse it
    expect(Math.abs(maxcut.normV - maxcut.normV0)).toBeGreaterThan(0.01);
    expect(maxcut.roundedCut).toBe(maxcut.signCut);
    expect(maxcut.signCut).toBeGreaterThanOrEqual(0);
    expect(maxcut.signCut).toBeLessThanOrEqual(4);
  });

  it('a loss, used by `derand structure --loss`', () => {
    const result = json<{ loss: string; orthFraction: number; start: { orthFraction: number } }>(
      runCli(['structure', '--plugin', example('cauchy-loss.mjs'), '--loss', 'cauchy', '--width', '64', '--lr', 'W=6.4,b=16', '--steps', '300', '--no-certificate', '--test-size', '500', '--json', '--quiet']),
    );
    expect(result.loss).toBe('cauchy');
    expect(result.orthFraction).toBeLessThan(result.start.orthFraction);
  });

  it("your own g (a smooth-function plugin file): `derand lemma --g ./double-well.mjs` certifies with ‖W‖_F within the lemma's bound", () => {
    const rho = 1e-5;
    type Run = { lambda: number; normW: number; normW0: number; b: number[]; gradNorm: number; lambdaMin: number; K: number; rho: number; gradientHolds: boolean; curvatureHolds: boolean; isSOSP: boolean; bound: number | null; withinBound: boolean | null };
    const result = json<{ k: number; options: { g: { id: string } }; runs: Run[]; allSOSP: boolean; allWithinBound: boolean }>(
      runCli(['lemma', '--g', example('double-well.mjs'), '--lambda', '0.1,0.01', '--rho', String(rho), '--quadrature', '8', '--json', '--quiet']),
    );
    expect(result.options.g.id).toBe('double-well');
    expect(result.k).toBe(2); // the plugin fixes k
    expect(result.allSOSP && result.allWithinBound).toBe(true);
    // the minimisers of g per coordinate: (y² − 1)y + 0.3 = 0 with 3y² − 1 > 0, by float64 bisection
    const root = (lo: number, hi: number): number => {
      const f = (y: number): number => y ** 3 - y + 0.3;
      for (let i = 0; i < 80; i++) {
        const mid = (lo + hi) / 2;
        if (Math.sign(f(mid)) === Math.sign(f(lo))) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    const minima = [root(-2, -1 / Math.sqrt(3)), root(1 / Math.sqrt(3), 2)];
    for (const run of result.runs) {
      expect(run.rho).toBe(rho); // the stated tolerance, not the measured gradient
      expect(run.gradNorm).toBeLessThanOrEqual(rho);
      expect(run.gradientHolds && run.curvatureHolds && run.isSOSP).toBe(true);
      // the lemma's bound, recomputed from the reported ρ, K and λ
      const bound = rho / (2 * run.lambda - Math.sqrt(run.K * rho));
      expect(run.bound).toBeCloseTo(bound, 12);
      expect(run.normW).toBeLessThanOrEqual(bound);
      expect(run.normW).toBeLessThan(1e-4 * run.normW0);
      // the sampler collapsed onto a minimiser of g
      for (const b of run.b) expect(Math.min(...minima.map((m) => Math.abs(b - m)))).toBeLessThan(1e-3);
    }
  });
});
