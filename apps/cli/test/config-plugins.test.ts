import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'derand-config-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const cauchy = fileURLToPath(new URL('../../../examples/plugins/cauchy-loss.mjs', import.meta.url));

describe('--config', () => {
  it('reads YAML and JSON, and flags override the file', () => {
    const yaml = file('toy.yaml', 'lambda: [0.001, 10]\niota: 20\nquadrature: 40\n');
    const fromFile = JSON.parse(runCli(['toy', '--json', '--config', yaml]).stdout) as { iota: number; wStar: { frozen: { lambda: number }[] } };
    expect(fromFile.iota).toBe(20);
    expect(fromFile.wStar.frozen.map((p) => p.lambda)).toEqual([0.001, 10]);
    const json = file('toy.json', JSON.stringify({ lambda: [0.5], iota: 20 }));
    const overridden = JSON.parse(runCli(['toy', '--json', '--config', json, '--iota', '5']).stdout) as { iota: number; wStar: { frozen: { lambda: number }[] } };
    expect(overridden.iota).toBe(5);
    expect(overridden.wStar.frozen.map((p) => p.lambda)).toEqual([0.5]);
  });

  it('collects every problem: unknown keys with suggestions, bad values, with the file named', () => {
    const bad = file('bad.yaml', 'lamda: [0.1]\niota: -3\nquadrature: many\n');
    const run = runCli(['toy', '--config', bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`Config file ${bad} has problems:`);
    expect(run.stderr).toContain(`${bad}:1: lamda: not an option of 'derand toy'; did you mean lambda?`);
    const values = file('values.yaml', 'lambda: [0.1]\niota: -3\nquadrature: many\n');
    const checked = runCli(['toy', '--config', values]);
    expect(checked.status).toBe(2);
    expect(checked.stderr).toContain(`Invalid options for derand toy (with ${values}):`);
    expect(checked.stderr).toContain('iota (--iota): Too small: expected number to be >0 (got -3)');
    expect(checked.stderr).toContain('quadrature (--quadrature): Invalid input: expected number, received string (got "many")');
  });

  it('names the line of a syntax error', () => {
    const broken = file('broken.yaml', 'iota: 3\nlambda: [0.1, 0.2\nquadrature: 4\n');
    const run = runCli(['toy', '--config', broken]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
    const missing = runCli(['toy', '--config', join(dir, 'nope.json')]);
    expect(missing.stderr).toContain('Cannot read config file');
  });
});

describe('--plugin', () => {
  it('loads a user loss from a file and shows it in `derand plugins` with its source', () => {
    const run = runCli(['plugins', '--json', '--kind', 'loss', '--plugin', cauchy]);
    expect(run.status, run.stderr).toBe(0);
    const { plugins } = JSON.parse(run.stdout) as { plugins: { id: string; kind: string; source?: string }[] };
    expect(plugins.find((p) => p.id === 'cauchy')).toMatchObject({ kind: 'loss', source: cauchy });
  });

  it('rejects a malformed plugin file, naming the file and every problem', () => {
    const bad = file('bad-plugin.mjs', "export default [{ kind: 'loss', id: 'x y', summary: '' }, 42];\n");
    const run = runCli(['plugins', '--plugin', bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${bad} (plugin #1)`);
    expect(run.stderr).toContain("needs an 'id' of letters");
    expect(run.stderr).toContain('a loss plugin needs create(options)');
    expect(run.stderr).toContain(`${bad} (plugin #2): is not an object`);
    const duplicate = file('dup.mjs', "export default ({ definePlugin, z }) => definePlugin({ kind: 'backend', id: 'wasm', summary: 's', priority: 0, options: z.object({}), isAvailable: async () => ({ ok: true }), install: async () => ({ ok: true }) });\n");
    const dup = runCli(['plugins', '--plugin', duplicate]);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toContain("Duplicate backend plugin id 'wasm'");
  });
});
