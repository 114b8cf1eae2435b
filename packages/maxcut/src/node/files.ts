import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeFileAtomic } from '@derand/core/node';
import { DerandError } from '@derand/registry';
import type { Graph } from '../graph/graph.js';
import { parseGraph, type ParseGraphOptions } from '../graph/parse-graph.js';
import { formatPartition, parsePartition } from '../graph/partition.js';
import type { Sides } from '../cut/cut-value.js';
import type { MaxcutResult } from '../solve-maxcut.js';

/** Largest graph file read (bytes). */
const MAX_FILE_BYTES = 1 << 30;

function readText(path: string, what: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new DerandError('FILE_IS_DIRECTORY', `${path} is a directory; pass a ${what} file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof DerandError) throw error;
    throw new DerandError('FILE_NOT_FOUND', `Cannot read ${what} file ${path}: ${(error as Error).message}. Check the path.`, { cause: error });
  }
  if (size > MAX_FILE_BYTES) throw new DerandError('FILE_TOO_LARGE', `${path} is ${size} bytes; the limit is ${MAX_FILE_BYTES}.`);
  const bytes = readFileSync(path);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString('utf8');
  // gzip (by its magic bytes): read transparently, within the same size limit
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_FILE_BYTES }).toString('utf8');
  } catch (error) {
    throw new DerandError('BAD_GZIP', `Cannot decompress ${path}: ${(error as Error).message}.`, { cause: error });
  }
}

/**
 * Reads a graph file in any supported format (see `parseGraph`), gzip-compressed or not; errors
 * name the file and line.
 *
 * @param path - file path
 * @param options - format (auto), edge-list base/n, self-loop and duplicate policies
 * @example const g = readGraphFile('G1.txt');
 */
export function readGraphFile(path: string, options: Omit<ParseGraphOptions, 'name'> & { readonly name?: string } = {}): Graph {
  return parseGraph(readText(path, 'graph'), { ...options, name: options.name ?? basename(path) });
}

/** Reads a partition file (n values ±1 or 0/1). */
export function readPartitionFile(path: string, n: number): Sides {
  return parsePartition(readText(path, 'partition'), n, basename(path));
}

/** Writes the partition as one line of ±1 values, atomically. */
export function writePartitionFile(path: string, sides: Sides): void {
  writeFileAtomic(path, formatPartition(sides));
}

/** Writes the result as pretty JSON, atomically. */
export function writeResultFile(path: string, result: MaxcutResult): void {
  writeFileAtomic(path, `${JSON.stringify(result, null, 2)}\n`);
}
