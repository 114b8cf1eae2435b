import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { nodeFiles, type StdinSource } from './node-files.js';

const text = '3 2\n1 2 1\n2 3 -1\n';
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const stdinOf = (chunks: (string | Uint8Array)[], isTTY = false): StdinSource => ({
  isTTY,
  async *[Symbol.asyncIterator]() {
    for (const chunk of chunks) yield chunk;
  },
});

describe('nodeFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'node-files-'));

  it('reads gzip files transparently and records the stored bytes and their hash', async () => {
    const gz = gzipSync(text);
    writeFileSync(join(dir, 'g.txt.gz'), gz);
    const files = nodeFiles({ cwd: dir });
    expect(decode(await files.read('g.txt.gz'))).toBe(text);
    expect(files.reads[0]).toMatchObject({ name: 'g.txt.gz', bytes: gz.length, gunzipped: text.length, sha256: createHash('sha256').update(gz).digest('hex') });
  });

  it('refuses a .gz name on plain bytes, and damaged gzip data', async () => {
    writeFileSync(join(dir, 'plain.gz'), text);
    writeFileSync(join(dir, 'cut.txt.gz'), gzipSync(text).subarray(0, 12));
    const files = nodeFiles({ cwd: dir });
    await expect(files.read('plain.gz')).rejects.toThrow(/plain\.gz is named \.gz but is not gzip data/);
    await expect(files.read('cut.txt.gz')).rejects.toThrow(/Cannot decompress cut\.txt\.gz: the gzip data is damaged or cut short/);
  });

  it("reads '-' from standard input once, in chunks, gzip or not", async () => {
    const files = nodeFiles({ stdin: stdinOf(['3 2\n1 2', ' 1\n2 3 -1\n']) });
    expect(decode(await files.read('-'))).toBe(text);
    expect(decode(await files.read('-'))).toBe(text);
    expect(files.reads).toEqual([expect.objectContaining({ name: '-', path: '<stdin>', bytes: text.length })]);
    const zipped = nodeFiles({ stdin: stdinOf([gzipSync(text)]) });
    expect(decode(await zipped.read('-'))).toBe(text);
  });

  it('refuses a terminal as standard input', async () => {
    await expect(nodeFiles({ stdin: stdinOf([], true) }).read('-')).rejects.toThrow(/standard input is a terminal; pipe a file/);
  });
});
