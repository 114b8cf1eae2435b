import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { DerandError, InputError } from '@derand/registry';
import type { DataMatrix } from './matrix.js';
import { parseNpyMatrix } from './npy.js';
import { parseCsv } from './read-csv.js';
import { parseJsonData } from './read-json.js';

/** File types {@link readDataset} understands, by extension. */
export const DATASET_FORMATS = ['.csv', '.tsv', '.txt', '.json', '.npy'] as const;

/**
 * Reads a data matrix from a file, choosing the reader by extension: `.csv`/`.tsv`/`.txt`
 * (numeric text), `.json` (array of rows or `{data: rows}`), `.npy` (float32/float64, C order).
 * Errors name the file (and line, for text) and say how to fix it.
 *
 * @param path - the file to read.
 * @throws DerandError `FILE_NOT_FOUND`; InputError `BAD_FORMAT` for an unknown extension, or the reader's errors.
 * @example const X = readDataset('points.npy');
 */
export function readDataset(path: string): DataMatrix {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new DerandError('FILE_NOT_FOUND', `Data file not found: ${path}. Give a .csv, .json or .npy file, or 'mnist' / 'uniform'.`, { details: { path } });
  const ext = extname(path).toLowerCase();
  switch (ext) {
    case '.csv':
    case '.txt':
      return parseCsv(readFileSync(path, 'utf8'), path);
    case '.tsv':
      return parseCsv(readFileSync(path, 'utf8'), path, { delimiter: '\t' });
    case '.json':
      return parseJsonData(readFileSync(path, 'utf8'), path);
    case '.npy':
      return parseNpyMatrix(readFileSync(path), path);
    default:
      throw new InputError('BAD_FORMAT', `Cannot read ${path}:`, [
        { where: path, message: `has extension '${ext}', which is not one of ${DATASET_FORMATS.join(', ')}` },
      ]);
  }
}
