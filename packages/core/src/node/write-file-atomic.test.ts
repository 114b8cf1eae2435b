import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isDerandError } from '@derand/registry';
import { setAtomicWriteFileSystem, writeFileAtomic, type AtomicWriteFileSystem } from './write-file-atomic.js';

const real: AtomicWriteFileSystem = {
  mkdirSync: (path, options) => fs.mkdirSync(path, options),
  writeFileSync: (path, data) => fs.writeFileSync(path, data),
  renameSync: (from, to) => fs.renameSync(from, to),
  rmSync: (path, options) => fs.rmSync(path, options),
};

/** A disk that fills up after `room` bytes: the write leaves a partial temporary file, as a real one does. */
function fullDisk(room: number): AtomicWriteFileSystem {
  return {
    ...real,
    writeFileSync: (path, data) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      fs.writeFileSync(path, bytes.subarray(0, room));
      if (bytes.length > room) throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
    },
  };
}

describe('writeFileAtomic', () => {
  afterEach(() => {
    setAtomicWriteFileSystem();
  });

  it('writes through a temporary file and leaves only the target', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    writeFileAtomic(join(dir, 'sub', 'a.json'), '{"a":1}\n');
    expect(readFileSync(join(dir, 'sub', 'a.json'), 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.json']);
  });

  it('on a full disk keeps the previous file whole, removes the partial temporary file and says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'result.json');
    writeFileSync(target, 'previous result\n');
    setAtomicWriteFileSystem(fullDisk(4));
    let caught: unknown;
    try {
      writeFileAtomic(target, 'a new result that does not fit\n');
    } catch (error) {
      caught = error;
    }
    expect(isDerandError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe('WRITE_FAILED');
    expect((caught as Error).message).toMatch(/Cannot write .*result\.json \(ENOSPC\): the disk is full: free some space or write elsewhere\. Nothing was changed there/);
    expect(readFileSync(target, 'utf8')).toBe('previous result\n');
    expect(readdirSync(dir)).toEqual(['result.json']);
  });

  it('restores the real file system when given none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    setAtomicWriteFileSystem(fullDisk(0));
    expect(setAtomicWriteFileSystem()).not.toBe(real);
    writeFileAtomic(join(dir, 'ok.txt'), 'fine');
    expect(readFileSync(join(dir, 'ok.txt'), 'utf8')).toBe('fine');
  });
});
