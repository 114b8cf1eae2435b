import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginSummary } from '@derand/registry';
import { describe, expect, it } from 'vitest';
import { browserPlugins } from '../demos/browser-plugins.js';
import { decodeEntities, htmlText } from './html-text.js';
import { builtSite } from './site-build.js';

/** `derand plugins --json` of the built CLI, run as a user runs it. */
function cliPlugins(): PluginSummary[] {
  const bin = join(dirname(fileURLToPath(import.meta.resolve('@derand/cli'))), 'bin.js');
  const run = spawnSync(process.execPath, [bin, 'plugins', '--json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(run.status, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { plugins: PluginSummary[] }).plugins;
}

interface RenderedRow {
  readonly name: string;
  readonly cells: Readonly<Record<string, string>>;
}

/** The plugin sections of the built catalogue pages: kind:id → summary, source and option rows. */
function renderedCatalogue(): Map<string, { summary: string; source: string; rows: RenderedRow[]; noOptions: boolean }> {
  const dir = join(builtSite(), 'catalogue');
  const sections = new Map<string, { summary: string; source: string; rows: RenderedRow[]; noOptions: boolean }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.html') && f !== 'index.html')) {
    const html = readFileSync(join(dir, file), 'utf8');
    for (const match of html.matchAll(/<section class="plugin" data-plugin="([^"]+)">([\s\S]*?)<\/section>/g)) {
      const body = match[2]!;
      const rows = [...body.matchAll(/<tr data-option="([^"]+)">([\s\S]*?)<\/tr>/g)].map((row) => ({
        name: decodeEntities(row[1]!),
        cells: Object.fromEntries([...row[2]!.matchAll(/<td data-cell="([a-z]+)">([\s\S]*?)<\/td>/g)].map((cell) => [cell[1]!, htmlText(cell[2]!)])),
      }));
      sections.set(decodeEntities(match[1]!), {
        summary: htmlText(/<p class="summary" data-summary[^>]*>([\s\S]*?)<\/p>/.exec(body)?.[1] ?? ''),
        source: htmlText(/<span data-source[^>]*>([\s\S]*?)<\/span>/.exec(body)?.[1] ?? ''),
        rows,
        noOptions: body.includes('data-no-options'),
      });
    }
  }
  return sections;
}

interface Schema {
  readonly properties?: Record<string, { default?: unknown; description?: string; enum?: unknown[] }>;
  readonly oneOf?: Schema[];
  readonly anyOf?: Schema[];
}

describe('the plugin catalogue', () => {
  const cli = cliPlugins();
  const rendered = renderedCatalogue();

  it('lists exactly the plugins `derand plugins --json` lists, with their summaries and packages', () => {
    expect(cli.length).toBeGreaterThan(40);
    expect([...rendered.keys()].sort()).toEqual(cli.map((p) => `${p.kind}:${p.id}`).sort());
    for (const plugin of cli) {
      const section = rendered.get(`${plugin.kind}:${plugin.id}`)!;
      expect(section.summary).toBe(plugin.summary.replace(/\s+/g, ' ').trim());
      expect(section.source).toBe(plugin.source);
    }
  });

  it('shows every option of every plugin’s JSON Schema with its type, default, allowed values and help', () => {
    let checked = 0;
    for (const plugin of cli) {
      const section = rendered.get(`${plugin.kind}:${plugin.id}`)!;
      const schema = plugin.options as Schema;
      const variants = schema.properties === undefined ? (schema.oneOf ?? schema.anyOf ?? []) : [schema];
      const properties = variants.flatMap((v) => Object.entries(v.properties ?? {}));
      expect(section.noOptions, `${plugin.kind}:${plugin.id} says "no options" exactly when its schema has none`).toBe(properties.length === 0);
      for (const [name, property] of properties) {
        const rows = section.rows.filter((r) => r.name === name);
        expect(rows.length, `${plugin.kind}:${plugin.id} shows option ${name}`).toBeGreaterThan(0);
        for (const row of rows) {
          expect(Object.keys(row.cells)).toEqual(['type', 'default', 'allowed', 'help']);
          expect(row.cells['type']).not.toBe('');
          expect(row.cells['help']).toBe((property.description ?? '').replace(/\s+/g, ' ').trim());
          if (property.default !== undefined) expect(row.cells['default']).toBe(typeof property.default === 'string' ? property.default : JSON.stringify(property.default));
          for (const value of property.enum ?? []) expect(row.cells['allowed']).toContain(String(value));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('the demos run with the same plugins, less the cuda backend (no browser build)', () => {
    const demo = browserPlugins().map((p) => `${p.kind}:${p.id}`);
    expect(demo).toEqual(cli.map((p) => `${p.kind}:${p.id}`).filter((key) => key !== 'backend:cuda'));
  });
});
