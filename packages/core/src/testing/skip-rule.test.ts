import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findSilentReturns, NOT_A_SKIP } from './skip-rule.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'build' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return /\.test\.(ts|mts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('the skip rule', () => {
  it('finds a guarded or bare return and accepts a marked one', () => {
    const text = ["it('a', () => {", '  if (!gpu) return;', '  return;', `  if (x) return; ${NOT_A_SKIP} helper exit`, '  return context.skip("no GPU");', '});'].join('\n'); // not a skip: the rule's own example
    expect(findSilentReturns(text, 'a.test.ts').map((f) => f.line)).toEqual([2, 3]);
  });

  it('holds in every test file of the repository: a test that cannot run calls context.skip(reason)', () => {
    const files = [...testFiles(join(root, 'packages')), ...testFiles(join(root, 'apps'))];
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((file) => findSilentReturns(readFileSync(file, 'utf8'), relative(root, file)));
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.text} — call context.skip(reason) instead, or mark the line with '${NOT_A_SKIP} <why>'`)).toEqual([]);
  });
});
