import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulePage } from '../src/api/build-api.js';
import { apiEntries } from '../src/api/entry-points.js';
import { compilerOptionsOf, exportedFunctions } from '../src/api/exported-functions.js';
import { htmlText } from './html-text.js';
import { builtSite, paths } from './site-build.js';

/**
 * A TSDoc summary as the page shows it, for comparison: markdown marks, list bullets and link targets gone,
 * and white space removed (tag boundaries around inline code add or drop spaces).
 */
function shown(summary: string): string {
  return summary
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(?:[-+]|\d+\.)\s+/gm, '')
    .replace(/[`*\s]/g, '');
}

describe('the API reference', () => {
  const entries = apiEntries(paths.repoRoot);
  const functions = exportedFunctions(entries, compilerOptionsOf(join(paths.repoRoot, 'tsconfig.base.json')));

  it('covers every entry point of every published package', () => {
    const names = entries.map((e) => e.moduleName);
    for (const name of ['@derand/registry', '@derand/core', '@derand/core/node', '@derand/core/testing', '@derand/models', '@derand/losses', '@derand/structure-discovery', '@derand/maxcut', '@derand/maxcut/node', '@derand/jl', '@derand/jl/node', '@derand/plots', '@derand/backend-wasm', '@derand/backend-cuda', '@derand/cli']) {
      expect(names).toContain(name);
    }
    for (const entry of entries) {
      const page = join(builtSite(), 'api', `${modulePage(entry.moduleName)}.html`);
      const index = join(builtSite(), 'api', modulePage(entry.moduleName), 'index.html');
      expect(existsSync(page) || existsSync(index), `${entry.moduleName}: no page`).toBe(true);
    }
  });

  it('shows every exported function with the summary of its TSDoc', () => {
    expect(functions.length).toBeGreaterThan(300);
    const missing: string[] = [];
    const texts = new Map<string, { html: string; text: string }>();
    for (const fn of functions) {
      if (!texts.has(fn.moduleName)) {
        const page = join(builtSite(), 'api', `${modulePage(fn.moduleName)}.html`);
        const file = existsSync(page) ? page : join(builtSite(), 'api', modulePage(fn.moduleName), 'index.html');
        const html = readFileSync(file, 'utf8');
        texts.set(fn.moduleName, { html, text: htmlText(html).replace(/[*\s]/g, '') });
      }
      const { html, text } = texts.get(fn.moduleName)!;
      if (fn.summary === '') missing.push(`${fn.moduleName} ${fn.name}: no TSDoc summary`);
      else if (!text.includes(shown(fn.summary))) missing.push(`${fn.moduleName} ${fn.name}: summary not shown: "${fn.summary}"`);
      if (!new RegExp(`<h3 id="${fn.name.toLowerCase()}"`).test(html)) missing.push(`${fn.moduleName} ${fn.name}: no heading`);
    }
    expect(missing).toEqual([]);
  });
});
