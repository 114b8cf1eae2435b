import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isPlainObject, toJsonSchema, type AnyPlugin } from '@derand/registry';
import { createCliRegistry } from '../src/registry.js';
import { solverCommands } from '../src/commands/solvers.js';
import { runCli } from './run-cli.js';

const registry = createCliRegistry();
const solvers = registry.plugins.filter((p) => p.kind === 'solver') as (AnyPlugin & { options: { parse(raw: unknown): unknown } })[];

/** How --help writes a default: text as is, a list of plain values comma-separated, else JSON. */
const shown = (value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (isPlainObject(value) && Object.keys(value).length === 0) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(',');
  return JSON.stringify(value);
};

/** The flags of a help text with the default each shows (wrapped lines joined). */
function helpDefaults(help: string): Map<string, string | undefined> {
  const section = help.slice(help.indexOf('Options:'), help.indexOf('Examples:') < 0 ? undefined : help.indexOf('Examples:'));
  const entries: string[] = [];
  for (const line of section.split('\n').slice(1)) {
    if (/^\s{2}-/.test(line)) entries.push(line.trim());
    else if (line.trim() !== '' && entries.length > 0) entries[entries.length - 1] += ` ${line.trim()}`;
  }
  const out = new Map<string, string | undefined>();
  for (const entry of entries) {
    const flag = /--([a-z0-9-]+)/.exec(entry)?.[1];
    if (flag === undefined) continue;
    out.set(flag, /\(default: (.*?)\)(?: \(choices|$)/.exec(entry)?.[1]);
  }
  return out;
}

const getPath = (value: unknown, path: readonly string[]): unknown => path.reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), value);

describe('the CLI is generated from the solvers’ schemas', () => {
  for (const plugin of solvers) {
    const command = solverCommands.find((c) => c.solver === plugin.id);
    it(`${command === undefined ? `derand run ${plugin.id}` : `derand ${command.name}`} --help shows exactly the schema's defaults`, () => {
      const json = toJsonSchema(plugin.options as never) as { properties: Record<string, { positional?: boolean }>; required?: string[] };
      const positional = Object.entries(json.properties).find(([, node]) => node.positional === true)?.[0];
      const minimal = positional !== undefined && (json.required ?? []).includes(positional) ? { [positional]: 'x' } : {};
      const defaults = plugin.options.parse(minimal);
      const help = runCli(command === undefined ? ['run', plugin.id, '--help'] : [command.name, '--help']);
      expect(help.status, help.stderr).toBe(0);
      const fromHelp = helpDefaults(help.stdout);
      // every option of the schema has its flag; parts have --<part> and --<part>-options
      const walk = (node: Record<string, unknown>, path: string[]): void => {
        for (const [key, child] of Object.entries((node['properties'] ?? {}) as Record<string, Record<string, unknown>>)) {
          const at = [...path, key];
          if (child['positional'] === true) continue;
          const flag = typeof child['flag'] === 'string' ? child['flag'] : at.join('-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
          if (typeof child['pluginKind'] === 'string') {
            const part = getPath(defaults, at) as { id: string; options: Record<string, unknown> };
            expect(fromHelp.get(flag), `--${flag}`).toBe(part.id);
            expect(fromHelp.get(`${flag}-options`), `--${flag}-options`).toBe(shown(part.options));
            // the part's own flagged options: the defaults of that plugin's schema
            const partPlugin = registry.resolve(String(child['pluginKind']), part.id) as AnyPlugin & { options: { safeParse(raw: unknown): { success: boolean; data?: unknown } } };
            const partDefaults = partPlugin.options.safeParse(part.options);
            const partJson = toJsonSchema(partPlugin.options as never) as { properties?: Record<string, Record<string, unknown>> };
            for (const [optionKey, optionNode] of Object.entries(partJson.properties ?? {})) {
              if (typeof optionNode['flag'] !== 'string' || typeof optionNode['pluginKind'] === 'string' || !partDefaults.success) continue;
              const built = getPath(partDefaults.data, [optionKey]);
              // a part option the solver's default sets (the rounding's Adam at 0.2) is shown by --<part>-options
              if (optionKey in part.options) continue;
              expect(fromHelp.get(optionNode['flag']), `--${optionNode['flag']} (${String(child['pluginKind'])} ${part.id})`).toBe(shown(built));
            }
            continue;
          }
          const nested = (child['properties'] !== undefined && child['flag'] === undefined) as boolean;
          if (nested) {
            walk(child, at);
            continue;
          }
          expect(fromHelp.has(flag), `--${flag} is missing from the help`).toBe(true);
          expect(fromHelp.get(flag), `--${flag}`).toBe(shown(getPath(defaults, at)));
        }
      };
      walk(json as unknown as Record<string, unknown>, []);
    });
  }

  it('every solver has a non-empty JSON Schema and no option declared outside it', () => {
    for (const summary of registry.list()) expect(Object.keys(summary.options).filter((k) => k !== '$schema').length, `${summary.kind} ${summary.id}`).toBeGreaterThan(0);
  });

  it("no command reads untyped options (options['…']) in apps/cli/src", () => {
    const root = fileURLToPath(new URL('../src', import.meta.url));
    const files: string[] = [];
    const collect = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) collect(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    collect(root);
    const offenders = files.filter((file) => /options\[['"`]/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('--dry-run prints the resolved configuration, which runs again as a --config file', () => {
    const dry = runCli(['structure', '--preset', 'deep', '--lr', '0.01', '--steps', '5', '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    const spec = JSON.parse(dry.stdout) as { solver: string; options: { optimizer: { id: string }; student: { widths: number[] }; learningRate: Record<string, number> } };
    expect(spec).toMatchObject({ solver: 'structure-discovery', options: { optimizer: { id: 'gd' }, student: { widths: [64, 64, 64] }, learningRate: { '*': 0.01 } } });
    const file = join(mkdtempSync(join(tmpdir(), 'derand-dry-')), 'run.json');
    writeFileSync(file, dry.stdout);
    const again = runCli(['run', 'structure-discovery', '--config', file, '--dry-run']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(spec);
  });

  it('--time-limit stops a run cleanly with the best result so far, marked as stopped early', () => {
    const run = runCli(['structure', '--width', '64', '--steps', '1000000', '--no-certificate', '--test-size', '200', '--time-limit', '2', '--json', '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { steps: number; reason: string; stoppedEarly: { reason: string; limitSeconds: number }; orthFraction: number };
    expect(result.stoppedEarly).toEqual({ reason: 'time-limit', limitSeconds: 2 });
    expect(result.reason).toBe('aborted');
    expect(result.steps).toBeGreaterThan(0);
    expect(result.steps).toBeLessThan(1_000_000);
    expect(Number.isFinite(result.orthFraction)).toBe(true);
  });
});
