import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    const result = JSON.parse(run.stdout) as Record<string, unknown> & { start: { orthFraction: number }; certificate: Record<string, unknown>; config: { lambda: number } };
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
    expect(flags.stderr).toContain("'0,5' is not a comma-separated list of positive integers");
    const data = runCli(['structure', '--data', 'fixed']);
    expect(data.status).toBe(2);
    expect(data.stderr).toContain('fixed data needs a size');
    const many = runCli(['structure', '--d', '2', '--k', '3', '--loss', 'msee', '--lr', 'W=1,bias=2', '--json']);
    expect(many.status).toBe(2);
    expect(many.stderr).toContain('teacher.k: cannot exceed the input dimension d = 2');
    const error = JSON.parse(many.stdout) as { error: { code: string; message: string } };
    expect(error.error.code).toBe('BAD_FLAG');
    const plugins = runCli(['structure', '--loss', 'msee', '--lr', 'W=1,bias=2', '--steps', '10']);
    expect(plugins.status).toBe(2);
    expect(plugins.stderr).toContain("Unknown loss 'msee'. Did you mean: 'mse'");
    expect(plugins.stderr).toContain("'bias' is not a trainable group of this student (trainable: W, b)");
    const lambdas = runCli(['structure', '--lambdas', '1e-2']);
    expect(lambdas.status).toBe(2);
    expect(lambdas.stderr).toContain('--lambdas: is only used with --preset lambda-sweep');
  });

  it('stops a diverging run with a clear error and saves the last finite parameters', () => {
    const params = join(dir, 'last-good.json');
    const run = runCli([...quick, '--optimizer', 'gd', '--lr', '1e7', '--steps', '60', '--every', '1', '--save-params', params]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Training diverged: the objective became non-finite at step \d+\. The last finite parameters \(step \d+\) were saved to/);
    const saved = JSON.parse(readFileSync(params, 'utf8')) as { params: Record<string, { values: number[] }> };
    expect(Object.keys(saved.params)).toEqual(['W', 'b']);
    expect(saved.params['W']!.values.every(Number.isFinite)).toBe(true);
  });

  it("uses a user's loss plugin given with --plugin and --loss", () => {
    const file = join(dir, 'cauchy.mjs');
    writeFileSync(
      file,
      `export default (api) => api.defineLoss({ id: 'cauchy', summary: 'Cauchy loss log(1 + r²)',
        perSample: (p, y) => api.tf.sum(api.tf.log1p(api.tf.square(api.tf.sub(p, y))), 1) });\n`,
    );
    const run = runCli([...quick, '--plugin', file, '--loss', 'cauchy', '--no-certificate', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { loss: string; orthFraction: number; start: { orthFraction: number } };
    expect(result.loss).toBe('cauchy');
    expect(result.orthFraction).toBeLessThan(result.start.orthFraction);
  });

  it('runs a λ sweep study and draws ‖W⊥‖ against λ', () => {
    const svg = join(dir, 'lambda.svg');
    const run = runCli(['structure', '--preset', 'lambda-sweep', '--lambdas', '1e-1,1e-3', '--width', '16', '--lr', '2,b=8', '--data', 'quadrature:12', '--steps', '150', '--lanczos', '6', '--test-size', '200', '--json', '--svg', svg]);
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
