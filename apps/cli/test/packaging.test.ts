import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataDir, DATA_DIR_MISSING } from '@derand/core/node';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../', import.meta.url));

describe('packages install and bundle on their own', { timeout: 300_000 }, () => {
  it('@derand/maxcut installs alone from packed tarballs (no vega, no vitest) and solves G1 from a plain node script', (context) => {
    const data = dataDir();
    if (data === undefined || !existsSync(join(data, 'gset', 'G1.txt'))) return context.skip(DATA_DIR_MISSING);
    const dir = mkdtempSync(join(tmpdir(), 'derand-install-'));
    const tarballs = join(dir, 'tarballs');
    mkdirSync(tarballs);
    // @derand/maxcut and the workspace packages it declares
    for (const pkg of ['registry', 'core', 'maxcut']) {
      execFileSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, 'packages', pkg), stdio: 'pipe' });
    }
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', ...readdirSync(tarballs).map((t) => join(tarballs, t))], { cwd: app, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    const installed = readdirSync(join(app, 'node_modules'));
    for (const unwanted of ['vega', 'vega-lite', 'vitest', '@vitest', 'vite', 'commander']) expect(installed, unwanted).not.toContain(unwanted);
    expect(readdirSync(join(app, 'node_modules', '@derand')).sort()).toEqual(['core', 'maxcut', 'registry']);
    writeFileSync(
      join(app, 'solve.mjs'),
      `import { readFileSync } from 'node:fs';
import { startEngine } from '@derand/core';
import { parseGraph, solveMaxcut } from '@derand/maxcut';
await startEngine({ backend: 'cpu' });
const graph = parseGraph(readFileSync(process.argv[2], 'utf8'), { name: 'G1.txt' });
const { result } = solveMaxcut(graph, { seed: 0, backend: 'cpu' });
console.log(JSON.stringify({ n: result.n, m: result.m, roundedCut: result.roundedCut, upperBound: result.upperBound, collapsed: result.collapsed }));
`,
    );
    const solve = spawnSync(process.execPath, ['solve.mjs', join(data, 'gset', 'G1.txt')], { cwd: app, encoding: 'utf8' });
    expect(solve.status, solve.stderr).toBe(0);
    const result = JSON.parse(solve.stdout) as { n: number; m: number; roundedCut: number; upperBound: number; collapsed: boolean };
    expect([result.n, result.m]).toEqual([800, 19176]);
    expect(result.collapsed).toBe(true);
    // above the 0.878 guarantee of the certified bound, below the bound
    expect(result.roundedCut).toBeGreaterThan(0.878 * result.upperBound);
    expect(result.roundedCut).toBeLessThanOrEqual(result.upperBound);
  });

  it('@derand/jl and @derand/maxcut bundle for the browser without node: imports', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      stdin: { contents: "export * as maxcut from '@derand/maxcut';\nexport * as jl from '@derand/jl';\n", resolveDir: cli, loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.startsWith('node:') || /\/(fs|path|module|url|crypto)\.js$/.test(file))).toEqual([]);
    expect(inputs.some((file) => file.includes('packages/maxcut/dist/solver.js'))).toBe(true);
    expect(inputs.some((file) => file.includes('packages/jl/dist/solver/plugins.js'))).toBe(true);
  });
});
