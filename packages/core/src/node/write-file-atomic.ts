import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { DerandError } from '@derand/registry';

/** The file-system calls {@link writeFileAtomic} makes: the seam tests replace to simulate a full disk. */
export interface AtomicWriteFileSystem {
  mkdirSync(path: string, options: { recursive: true }): unknown;
  writeFileSync(path: string, data: string | Uint8Array): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: true }): void;
}

const nodeFileSystem: AtomicWriteFileSystem = {
  mkdirSync: (path, options) => fs.mkdirSync(path, options),
  writeFileSync: (path, data) => fs.writeFileSync(path, data),
  renameSync: (from, to) => fs.renameSync(from, to),
  rmSync: (path, options) => fs.rmSync(path, options),
};

let fileSystem: AtomicWriteFileSystem = nodeFileSystem;

/**
 * Replaces the file system {@link writeFileAtomic} writes through (no argument: the real one) and
 * returns the one it replaces. Only tests need this: a file system whose `writeFileSync` throws
 * ENOSPC is a full disk.
 *
 * @example const previous = setAtomicWriteFileSystem({ ...real, writeFileSync: () => { throw enospc; } });
 */
export function setAtomicWriteFileSystem(replacement?: AtomicWriteFileSystem): AtomicWriteFileSystem {
  const previous = fileSystem;
  fileSystem = replacement ?? nodeFileSystem;
  return previous;
}

/** What an errno means for the user, and what to do. */
const ADVICE: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full: free some space or write elsewhere',
  EDQUOT: 'the disk quota is exhausted: free some space or write elsewhere',
  EACCES: 'permission denied: choose a folder you can write to',
  EPERM: 'permission denied: choose a folder you can write to',
  EROFS: 'the file system is read-only: write elsewhere',
  ENOTDIR: 'a part of the path is a file, not a folder: check the path',
  EISDIR: 'the path is a folder: name a file',
};

/**
 * Writes `data` to `path` through a temporary file in the same folder and a rename, so a
 * reader (or a run killed mid-write) never sees half a file and an older version stays whole
 * until the new one is complete. When the write fails (a full disk, no permission) the
 * temporary file is removed and the error says so: whatever `path` held before is untouched.
 *
 * @param path - the file to write (its folder is created).
 * @param data - text (UTF-8) or bytes.
 * @throws DerandError `WRITE_FAILED` naming the file, the cause (ENOSPC, EACCES, …) and the fix.
 * @example writeFileAtomic('runs/result.json', JSON.stringify(result));
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    fileSystem.mkdirSync(dirname(path), { recursive: true });
    fileSystem.writeFileSync(temporary, data);
    fileSystem.renameSync(temporary, path);
  } catch (error) {
    try {
      fileSystem.rmSync(temporary, { force: true });
    } catch {
      // the temporary file may not exist, or the disk may refuse even this; the target is untouched either way
    }
    const code = (error as { code?: string }).code ?? 'unknown';
    const advice = ADVICE[code] ?? (error as Error).message;
    throw new DerandError('WRITE_FAILED', `Cannot write ${path} (${code}): ${advice}. Nothing was changed there: a file it held before is intact.`, { details: { path, errno: code }, cause: error });
  }
}
