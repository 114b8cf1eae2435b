import { readFileSync, statSync } from 'node:fs';
import { DerandError } from '@derand/registry';
import type { DataMatrix } from '../data/matrix.js';
import { parseDataset, type ParseDatasetOptions } from '../data/parse-dataset.js';

/**
 * Reads a data matrix from a file, choosing the reader by extension (see `parseDataset`).
 * Errors name the file (and line, for text) and say how to fix it.
 *
 * @param path - the file to read.
 * @param options - the reader (`format`, default by evidence) and the CSV `header` (default `'auto'`).
 * @throws DerandError `FILE_NOT_FOUND`; InputError `BAD_FORMAT` for an unknown extension, or the reader's errors.
 * @example const X = readDataset('points.npy');
 */
export function readDataset(path: string, options: ParseDatasetOptions = {}): DataMatrix {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new DerandError('FILE_NOT_FOUND', `Data file not found: ${path}. Give a .csv, .json or .npy file, or 'mnist' / 'uniform'.`, { details: { path } });
  return parseDataset(readFileSync(path), path, options);
}
