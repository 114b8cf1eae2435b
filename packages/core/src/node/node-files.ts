import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DerandError, type FileAccess } from '@derand/registry';

/** One file a run read, for its provenance. */
export interface FileRead {
  /** The name the options gave (`-` for standard input). */
  readonly name: string;
  /** The absolute path read (`<stdin>` for standard input). */
  readonly path: string;
  /** Bytes as stored (compressed, for a gzip file). */
  readonly bytes: number;
  /** SHA-256 of the bytes as stored, hex. */
  readonly sha256: string;
  /** Bytes after gunzip, when the file was gzip-compressed. */
  readonly gunzipped?: number;
}

/** Largest file read (bytes), before and after decompression. */
const MAX_FILE_BYTES = 1 << 30;

/** Where {@link nodeFiles} reads standard input from (tests pass their own). */
export interface StdinSource {
  readonly isTTY?: boolean;
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array | string>;
}

async function readAll(stream: StdinSource): Promise<Uint8Array> {
  if (stream.isTTY === true) {
    throw new DerandError('STDIN_IS_TERMINAL', "'-' reads the data from standard input, but standard input is a terminal; pipe a file into it (derand maxcut - < G1.txt).");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += bytes.length;
    if (size > MAX_FILE_BYTES) throw new DerandError('FILE_TOO_LARGE', `Standard input holds more than ${MAX_FILE_BYTES} bytes, the limit.`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * The bytes a file holds: gzip data (found by its magic bytes 1f 8b, whatever the name) is
 * decompressed, with the same size limit as plain files; a `.gz` name on other bytes is refused.
 */
function gunzipped(name: string, bytes: Uint8Array): Uint8Array | undefined {
  if (!isGzip(bytes)) {
    if (/\.gz$/i.test(name)) throw new DerandError('BAD_GZIP', `${name} is named .gz but is not gzip data (it does not start with the bytes 1f 8b); rename it or compress it with gzip.`);
    return undefined;
  }
  try {
    const out = gunzipSync(bytes, { maxOutputLength: MAX_FILE_BYTES });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ERR_BUFFER_TOO_LARGE' ? `it expands to more than ${MAX_FILE_BYTES} bytes, the limit` : `the gzip data is damaged or cut short (${(error as Error).message})`;
    throw new DerandError('BAD_GZIP', `Cannot decompress ${name}: ${why}.`, { cause: error });
  }
}

/**
 * File access on Node for solver runs: names are paths (relative to `cwd`), `file:` URLs, or
 * `-` for standard input (read once, then served again from memory). gzip files are read
 * transparently. Every file read is listed in `reads` with its SHA-256, so a result can name
 * its data.
 *
 * @param options - `cwd` for relative paths (default `process.cwd()`); `stdin` (default `process.stdin`).
 * @example const files = nodeFiles(); await runSolver(registry, spec, { ...context, files }); files.reads;
 */
export function nodeFiles(options: { readonly cwd?: string; readonly stdin?: StdinSource } = {}): FileAccess & { readonly reads: readonly FileRead[] } {
  const reads: FileRead[] = [];
  let stdin: Promise<Uint8Array> | undefined;
  const record = (name: string, path: string, stored: Uint8Array): Uint8Array => {
    const plain = gunzipped(name, stored);
    reads.push({ name, path, bytes: stored.length, sha256: createHash('sha256').update(stored).digest('hex'), ...(plain === undefined ? {} : { gunzipped: plain.length }) });
    return plain ?? stored;
  };
  return {
    reads,
    read: async (name) => {
      if (name === '-') {
        stdin ??= readAll(options.stdin ?? process.stdin);
        const stored = await stdin;
        return reads.some((r) => r.name === '-') ? (gunzipped(name, stored) ?? stored) : record(name, '<stdin>', stored);
      }
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
      return record(name, path, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  };
}
