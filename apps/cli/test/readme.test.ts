import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** Splits a shell line into words (single and double quotes; `#` outside quotes starts a comment). */
function words(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      started = true;
    } else if (c === '#' && !started) break;
    else if (/\s/.test(c)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}

/** A README command: its arguments and the file its standard input is redirected from (`< file`). */
interface ReadmeCommand {
  readonly args: string[];
  readonly stdin?: string;
}

/** Every `pnpm derand …` command of the README's shell blocks (also after `&&`). */
function readmeCommands(): ReadmeCommand[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const commands: ReadmeCommand[] = [];
  for (const line of blocks.flatMap((b) => b.split('\n'))) {
    for (const part of line.split('&&')) {
      const w = words(part.trim());
      if (w[0] !== 'pnpm' || w[1] !== 'derand') continue;
      const redirect = w.indexOf('<');
      commands.push(redirect < 0 ? { args: w.slice(2) } : { args: [...w.slice(2, redirect), ...w.slice(redirect + 2)], stdin: w[redirect + 1]! });
    }
  }
  return commands;
}

const RUN_AS_WRITTEN = new Set(['--help', 'backends', 'plugins']);

describe('the README', () => {
  const commands = readmeCommands();

  it('has derand examples to check', () => {
    expect(commands.length).toBeGreaterThanOrEqual(15);
  });

  for (const { args, stdin } of commands) {
    const asWritten = RUN_AS_WRITTEN.has(args[0]!);
    it(`derand ${args.join(' ')}${stdin === undefined ? '' : ` < ${stdin}`}${asWritten ? '' : '  (with --dry-run)'}`, () => {
      // a dry run reads no data, so an absent data folder leaves standard input empty
      const input = stdin === undefined ? {} : { input: existsSync(join(root, stdin)) ? readFileSync(join(root, stdin)) : '' };
      const run = runCli(asWritten ? args : [...args, '--dry-run'], { cwd: root, ...input });
      expect(run.status, run.stderr).toBe(0);
      if (!asWritten) {
        const printed = JSON.parse(run.stdout) as { solver?: string; experiments?: unknown[]; runs?: { runId: string }[] };
        expect(printed.solver ?? printed.experiments ?? printed.runs, 'prints the resolved configuration').toBeDefined();
        // a sweep's dry run lists its runs, each with its run id
        if (args[0] === 'sweep') expect(printed.runs!.every((r) => /^[0-9a-f]{16}$/.test(r.runId))).toBe(true);
      }
    });
  }
});
