import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'derand-structure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The paper-fig3 preset shrunk to seconds: h = 64, 300 steps, a small certificate. */
const quick = ['structure', '--preset', 'paper-fig3', '--width', '64', '--lr', 'W=6.4,b=16', '--steps', '300', '--test-size', '500', '--cert-samples', '128', '--lanczos', '8'];

describe('derand structure', () => {
  it('runs the paper-fig3 preset and prints the acceptance fields as JSON, with SVG and result files', () => {
    const svg = join(dir, 'fig3.svg');
    const out = join(dir, 'fig3.json');
    const run = runCli([...quick, '--json', '--svg', svg, '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown> & { start: { orthFraction: number }; certificate: Record<string, unknown>; config: { lambda: number }; provenance: { format: string; solver: string; backend: { id: string }; timings: Record<string, number> } };
    expect(result.provenance).toMatchObject({ format: 'derand.result', solver: 'structure-discovery', backend: { id: 'wasm' } });
    expect(result.provenance.timings['trainingSeconds']).toBeGreaterThan(0);
    for (const field of ['orthFraction', 'normWperp', 'testLoss', 'msPerStep', 'certificate', 'principalAnglesDeg', 'singularValues', 'effectiveRank', 'history', 'trajectory']) {
      expect(result, field).toHaveProperty(field);
    }
    expect(result['orthFraction'] as number).toBeLessThan(result.start.orthFraction);
    expect(result.config.lambda).toBe(1e-5);
    expect(result.certificate).toHaveProperty('isSOSP');
    expect(result.certificate).toHaveProperty('lambdaMin');
    expect(readFileSync(svg, 'utf8')).toContain('span(u)');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ solver: 'structure-discovery', seed: 0 });
  });

  it('is reproducible: the same seed prints the same numbers, another seed others', () => {
    const args = [...quick, '--steps', '100', '--no-certificate', '--json'];
    const a = JSON.parse(runCli(args).stdout) as { orthFraction: number };
    const b = JSON.parse(runCli(args).stdout) as { orthFraction: number };
    const c = JSON.parse(runCli([...args, '--seed', '7']).stdout) as { orthFraction: number };
    expect(b.orthFraction).toBe(a.orthFraction);
    expect(c.orthFraction).not.toBe(a.orthFraction);
  });

  it('rejects bad flags and inconsistent settings together, naming each, with exit code 2', () => {
    const flags = runCli(['structure', '--width', '0,5']);
    expect(flags.status).toBe(2);
    expect(flags.stderr).toContain('student.widths.0 (--width): Too small: expected number to be >0 (got 0)');
    const data = runCli(['structure', '--data', 'fixed']);
    expect(data.status).toBe(2);
    expect(data.stderr).toContain("data (--data): 'fixed' is not one of online[:<batch>], fixed:<size>[:<batch>], quadrature[:<points>]");
    const many = runCli(['structure', '--d', '2', '--k', '3', '--lr', 'W=1,bias=2', '--json']);
    expect(many.status).toBe(2);
    expect(many.stderr).toContain('teacher.k (--k): cannot exceed the input dimension d = 2');
    expect(many.stderr).toContain("learningRate (--lr): 'bias' is not a trainable group of this student (trainable: W, b)");
    const error = JSON.parse(many.stdout) as { error: { code: string; message: string } };
    expect(error.error.code).toBe('BAD_FLAG');
    const plugins = runCli(['structure', '--loss', 'msee', '--optimizer-options', '{"groups":{"W":{"learningRate":"fast"}}}', '--steps', '10']);
    expect(plugins.status).toBe(2);
    expect(plugins.stderr).toContain("loss.id (--loss): Unknown loss 'msee'. Did you mean: 'mse'");
    expect(plugins.stderr).toContain('optimizer.options.groups.W.learningRate (--optimizer-options)');
    const groups = runCli(['structure', '--optimizer-options', '{"groups":{"W":{"learningRate":1},"bias":{"learningRate":2}}}', '--steps', '10']);
    expect(groups.status).toBe(2);
    expect(groups.stderr).toContain("optimizer.options.groups.bias: 'bias' is not a parameter group here (groups: W, b)");
  });

  it('stops a diverging run with a clear error and saves the last finite parameters', () => {
    const params = join(dir, 'last-good.json');
    const run = runCli([...quick, '--optimizer', 'gd', '--lr', '1e7', '--steps', '60', '--every', '1', '--save-params', params]);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/Training diverged: the objective became non-finite at step \d+\. The last finite parameters \(step \d+\) were saved to/);
    const saved = JSON.parse(readFileSync(params, 'utf8')) as { params: Record<string, { values: number[] }> };
    expect(Object.keys(saved.params)).toEqual(['W', 'b']);
    expect(saved.params['W']!.values.every(Number.isFinite)).toBe(true);
  });

  it("uses a user's loss plugin given with --plugin and --loss", () => {
    const file = fileURLToPath(new URL('../../../examples/plugins/cauchy-loss.mjs', import.meta.url));
    const run = runCli([...quick, '--plugin', file, '--loss', 'cauchy', '--no-certificate', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { loss: string; orthFraction: number; start: { orthFraction: number } };
    expect(result.loss).toBe('cauchy');
    expect(result.orthFraction).toBeLessThan(result.start.orthFraction);
  });

  it('runs a λ sweep study and draws ‖W⊥‖ against λ', () => {
    const svg = join(dir, 'lambda.svg');
    const overrides = { student: { widths: [16] }, learningRate: '2,b=8', data: 'quadrature:12', steps: 150, certificate: { lanczosSteps: 6 }, test: { size: 200 } };
    const run = runCli(['structure-study', 'lambda-sweep', '--lambdas', '1e-1,1e-3', '--overrides', JSON.stringify(overrides), '--json', '--svg', svg]);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { study: string; runs: { lambda: number; normWperp: number; certificate: { steinBound: { exact: boolean } } }[] };
    expect(summary.study).toBe('lambda-sweep');
    expect(summary.runs.map((r) => r.lambda)).toEqual([1e-1, 1e-3]);
    expect(summary.runs[0]!.certificate.steinBound.exact).toBe(true);
    // stronger regularisation, smaller W⊥
    expect(summary.runs[0]!.normWperp).toBeLessThan(summary.runs[1]!.normWperp);
    expect(existsSync(svg)).toBe(true);
    expect(readFileSync(svg, 'utf8')).toContain('measured');
  });
});
