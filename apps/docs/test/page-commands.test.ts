import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shellCommands } from './shell-words.js';
import { paths } from './site-build.js';

// The hand-written pages' commands and code must run as written: each `pnpm derand …` line of a
// sh block is run from the repository root with --dry-run (the options and plugins are loaded
// and validated; `plugins`, `backends` and `--help` run as they are), and the TypeScript example
// of "Getting started" runs for real.

const bin = join(dirname(fileURLToPath(import.meta.resolve('@derand/cli'))), 'bin.js');
const generated = new Set(['api', 'catalogue', 'parts', 'public', '.vitepress']);

function handWrittenPages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return generated.has(name) ? [] : handWrittenPages(full);
    return name.endsWith('.md') && name !== 'results.md' ? [full] : [];
  });
}

function derandCommands(): { page: string; args: string[] }[] {
  const out: { page: string; args: string[] }[] = [];
  for (const page of handWrittenPages(paths.site)) {
    const text = readFileSync(page, 'utf8');
    for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
      for (const line of block[1]!.split('\n')) {
        for (const words of shellCommands(line)) if (words[0] === 'pnpm' && words[1] === 'derand') out.push({ page: relative(paths.site, page), args: words.slice(2) });
      }
    }
  }
  return out;
}

const AS_WRITTEN = new Set(['--help', 'backends', 'plugins']);

describe('the commands on the site’s pages', () => {
  const commands = derandCommands();

  it('are many, on every guide', () => {
    expect(commands.length).toBeGreaterThan(30);
    for (const guide of ['lemma', 'toy', 'structure-discovery', 'structure-study', 'maxcut', 'jl']) expect(commands.some((c) => c.page === `guides/${guide}.md`), guide).toBe(true);
  });

  for (const { page, args } of commands) {
    const asWritten = AS_WRITTEN.has(args[0]!);
    it(`${page}: derand ${args.join(' ')}${asWritten ? '' : '  (--dry-run)'}`, () => {
      const run = spawnSync(process.execPath, [bin, ...args, ...(asWritten ? [] : ['--dry-run'])], { cwd: paths.repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
      expect(run.status, run.stderr).toBe(0);
      if (!asWritten) {
        const printed = JSON.parse(run.stdout) as { solver?: string; experiments?: unknown[] };
        expect(printed.solver ?? printed.experiments, 'prints the resolved run').toBeDefined();
      }
    });
  }

  it('the TypeScript example of “Getting started” runs and prints the 4-cycle’s maximum cut', () => {
    const page = readFileSync(join(paths.site, 'getting-started.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(page)![1]!;
    // the example is TypeScript only in one cast; strip it to run the file as JavaScript
    const script = code.replace(/\(result as \{ cut: number \}\)/, 'result');
    const dir = join(paths.docs, 'build', 'examples');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'getting-started.mjs'), script);
    const run = spawnSync(process.execPath, [join(dir, 'getting-started.mjs')], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('4');
  });
});
