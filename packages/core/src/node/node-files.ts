import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DerandError, type FileAccess } from '@derand/registry';

/** One file a run read, for its provenance. */
export interface FileRead {
  /** The name the options gave. */
  readonly name: string;
  /** The absolute path read. */
  readonly path: string;
  readonly bytes: number;
  /** SHA-256 of the contents, hex. */
  readonly sha256: string;
}

/** Largest file read (bytes). */
const MAX_FILE_BYTES = 1 << 30;

/**
 * File access on Node for solver runs: names are paths (relative to `cwd`) or `file:` URLs.
 * Every file read is listed in `reads` with its SHA-256, so a result can name its data.
 *
 * @param options - `cwd` for relative paths (default `process.cwd()`).
 * @example const files = nodeFiles(); await runSolver(registry, spec, { ...context, files }); files.reads;
 */
export function nodeFiles(options: { readonly cwd?: string } = {}): FileAccess & { readonly reads: readonly FileRead[] } {
  const reads: FileRead[] = [];
  return {
    reads,
    read: async (name) => {
      const path = name.startsWith('file:') ? fileURLToPath(name) : resolve(options.cwd ?? process.cwd(), name);
      let size: number;
      try {
        const stat = statSync(path);
        if (stat.isDirectory()) throw new DerandError('FILE_IS_DIRECTORY', `${name} is a directory; give a file.`, { details: { path } });
        size = stat.size;
      } catch (error) {
        if (error instanceof DerandError) throw error;
        throw new DerandError('FILE_NOT_FOUND', `Cannot read ${name}: no such file (${path}). Check the path.`, { details: { path }, cause: error });
      }
      if (size > MAX_FILE_BYTES) throw new DerandError('FILE_TOO_LARGE', `${name} is ${size} bytes; the limit is ${MAX_FILE_BYTES}.`, { details: { path } });
      const bytes = readFileSync(path);
      reads.push({ name, path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}
