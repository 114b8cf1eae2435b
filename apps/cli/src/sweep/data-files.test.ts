import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileHasher, findDataFiles, verifyDataFiles } from './data-files.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('data files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'derand-data-'));
  writeFileSync(join(dir, 'a.txt'), 'alpha');
  writeFileSync(join(dir, 'b.csv'), 'beta');

  it('finds the option values that name files (relative paths and file: URLs) at any depth', () => {
    const options = { graph: 'a.txt', rounding: 'hyperplane', nested: [{ source: pathToFileURL(join(dir, 'b.csv')).href }], missing: 'c.txt', n: 3 };
    expect(findDataFiles(options, dir, fileHasher())).toEqual([
      { name: 'a.txt', sha256: sha('alpha') },
      { name: pathToFileURL(join(dir, 'b.csv')).href, sha256: sha('beta') },
    ]);
  });

  it('accepts this machine’s copy when its hash matches, and refuses a missing or different one', () => {
    const other = mkdtempSync(join(tmpdir(), 'derand-data-'));
    writeFileSync(join(other, 'a.txt'), 'alpha!');
    expect(() => verifyDataFiles([{ name: 'a.txt', sha256: sha('alpha') }], dir, fileHasher(), 'worker w')).not.toThrow();
    expect(() => verifyDataFiles([{ name: 'a.txt', sha256: sha('alpha') }], other, fileHasher(), 'worker w')).toThrow(
      `worker w refuses the run: its a.txt (${join(other, 'a.txt')}) has sha256 ${sha('alpha!')}, the run names ${sha('alpha')}`,
    );
    expect(() => verifyDataFiles([{ name: 'b.csv', sha256: sha('beta') }], other, fileHasher(), 'worker w')).toThrow(/worker w has no data file b\.csv .*--data-root/);
  });
});
