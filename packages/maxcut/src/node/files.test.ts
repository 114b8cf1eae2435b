import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isDerandError } from '@derand/registry';
import { readGraphFile, readPartitionFile, writePartitionFile } from './files.js';

describe('graph and partition files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maxcut-files-'));

  it('round-trips a partition through an atomic write, leaving no temporary file', () => {
    const path = join(dir, 'cut.txt');
    writePartitionFile(path, Int8Array.from([1, -1, 1]));
    expect(readFileSync(path, 'utf8')).toBe('1,-1,1\n');
    expect(Array.from(readPartitionFile(path, 3))).toEqual([1, -1, 1]);
    expect(readdirSync(dir)).toEqual(['cut.txt']);
  });

  it('reads a gzip-compressed graph transparently', () => {
    const path = join(dir, 'k3.txt.gz');
    writeFileSync(path, gzipSync('3 3\n1 2 1\n2 3 1\n1 3 1\n'));
    expect(readGraphFile(path)).toMatchObject({ n: 3, m: 3, name: 'k3.txt.gz' });
  });

  it('names missing files and directories', () => {
    for (const [path, code] of [[join(dir, 'missing.txt'), 'FILE_NOT_FOUND'], [dir, 'FILE_IS_DIRECTORY']] as const) {
      try {
        readGraphFile(path);
        expect.unreachable();
      } catch (error) {
        expect(isDerandError(error)).toBe(true);
        expect((error as { code: string }).code).toBe(code);
        expect((error as Error).message).toContain(path);
      }
    }
  });
});
