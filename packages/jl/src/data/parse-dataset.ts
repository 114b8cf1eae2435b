import { InputError } from '@derand/registry';
import type { DataMatrix } from './matrix.js';
import { parseNpyMatrix } from './npy.js';
import { parseCsv } from './read-csv.js';
import { parseJsonData } from './read-json.js';

/** File types {@link parseDataset} understands, by extension. */
export const DATASET_FORMATS = ['.csv', '.tsv', '.txt', '.json', '.npy'] as const;

/** The extension of a file name, lower case, with its dot ('' when none). */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/**
 * Reads a data matrix from a file's bytes, choosing the reader by the name's extension:
 * `.csv`/`.tsv`/`.txt` (numeric text), `.json` (array of rows or `{data: rows}`), `.npy`
 * (float32/float64, C order). Errors name the file (and line, for text) and say how to fix it.
 *
 * @param bytes - the file contents.
 * @param name - the file name (for the extension and messages).
 * @throws InputError `BAD_FORMAT` for an unknown extension, or the reader's errors.
 * @example const X = parseDataset(new TextEncoder().encode('1,2\n3,4\n'), 'points.csv');
 */
export function parseDataset(bytes: Uint8Array, name: string): DataMatrix {
  const ext = extensionOf(name);
  const text = (): string => new TextDecoder().decode(bytes);
  switch (ext) {
    case '.csv':
    case '.txt':
      return parseCsv(text(), name);
    case '.tsv':
      return parseCsv(text(), name, { delimiter: '\t' });
    case '.json':
      return parseJsonData(text(), name);
    case '.npy':
      return parseNpyMatrix(bytes, name);
    default:
      throw new InputError('BAD_FORMAT', `Cannot read ${name}:`, [{ where: name, message: `has extension '${ext}', which is not one of ${DATASET_FORMATS.join(', ')}` }]);
  }
}
