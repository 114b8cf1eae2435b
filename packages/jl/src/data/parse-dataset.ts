import { InputError } from '@derand/registry';
import type { DataMatrix } from './matrix.js';
import { parseNpyMatrix } from './npy.js';
import { parseCsv } from './read-csv.js';
import { parseJsonData } from './read-json.js';

/** File types {@link parseDataset} understands, by extension. */
export const DATASET_FORMATS = ['.csv', '.tsv', '.txt', '.json', '.npy'] as const;

/** The readers {@link parseDataset} can be told to use (`auto`: by evidence). */
export const DATA_FORMATS = ['auto', 'csv', 'tsv', 'json', 'npy'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** How {@link parseDataset} reads: the reader, and whether a CSV's first line is a header. */
export interface ParseDatasetOptions {
  /** Default `'auto'`: the extension, else the content (`.npy` magic, a JSON bracket, numeric text). */
  readonly format?: DataFormat;
  /** CSV header: `'auto'` (default: only a first line of names), `'yes'` or `'no'`. */
  readonly header?: 'auto' | 'yes' | 'no';
}

/** The extension of a file name, lower case, with its dot ('' when none); a trailing `.gz` is skipped. */
export function extensionOf(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? name).replace(/\.gz$/i, '');
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const isNpy = (bytes: Uint8Array): boolean => bytes.length >= 6 && NPY_MAGIC.every((b, i) => bytes[i] === b);

/** The first character that is not whitespace or a byte-order mark. */
function firstVisible(bytes: Uint8Array): string {
  const head = new TextDecoder().decode(bytes.subarray(0, 256));
  return head.replace(/^[\uFEFF\s]+/, '').charAt(0);
}

/** The format the evidence decides: the extension first, then the content; undefined when neither does. */
function evidenceFor(bytes: Uint8Array, name: string): { format: Exclude<DataFormat, 'auto'>; evidence: string } | undefined {
  const ext = extensionOf(name);
  if (ext === '.npy') return { format: 'npy', evidence: 'the extension .npy' };
  if (ext === '.json') return { format: 'json', evidence: 'the extension .json' };
  if (ext === '.tsv') return { format: 'tsv', evidence: 'the extension .tsv' };
  if (ext === '.csv' || ext === '.txt') return { format: 'csv', evidence: `the extension ${ext}` };
  if (isNpy(bytes)) return { format: 'npy', evidence: 'the .npy magic string' };
  const first = firstVisible(bytes);
  if (first === '[' || first === '{') return { format: 'json', evidence: `a leading ${first}` };
  return undefined;
}

/**
 * Reads a data matrix from a file's bytes. The reader is chosen from positive evidence only:
 * `format` when given; else the extension (`.csv`/`.txt` numeric text, `.tsv`, `.json`, `.npy`;
 * a trailing `.gz` is skipped); else the content (the `.npy` magic, a leading `[` or `{`). Text
 * with no such evidence (standard input, an unknown extension) is read as CSV, and the CSV
 * reader's own error then also names `--data-format`. Errors name the file (and line, for text).
 *
 * @param bytes - the file contents.
 * @param name - the file name (for the extension and messages).
 * @param options - `format` (default `'auto'`) and the CSV `header` (default `'auto'`).
 * @throws InputError `BAD_FORMAT` for a text extension holding a .npy array, or the reader's errors.
 * @example const X = parseDataset(new TextEncoder().encode('1,2\n3,4\n'), 'points.csv');
 */
export function parseDataset(bytes: Uint8Array, name: string, options: ParseDatasetOptions = {}): DataMatrix {
  const csv = options.header === undefined || options.header === 'auto' ? {} : { header: options.header === 'yes' };
  const chosen = options.format === undefined || options.format === 'auto' ? evidenceFor(bytes, name) : { format: options.format, evidence: '--data-format' };
  if (chosen !== undefined && chosen.format !== 'npy' && isNpy(bytes)) {
    throw new InputError('BAD_FORMAT', `Cannot read ${name}:`, [{ where: name, message: `holds a .npy array (its magic string), but ${chosen.evidence} says ${chosen.format}` }], 'Rename it to .npy or pass --data-format npy.');
  }
  const text = (): string => new TextDecoder().decode(bytes);
  switch (chosen?.format) {
    case 'csv':
      return parseCsv(text(), name, csv);
    case 'tsv':
      return parseCsv(text(), name, { ...csv, delimiter: '\t' });
    case 'json':
      return parseJsonData(text(), name);
    case 'npy':
      return parseNpyMatrix(bytes, name);
    case undefined:
      break;
  }
  const ext = extensionOf(name);
  const why = ext === '' ? 'nothing says what the data is' : `its extension '${ext}' is not one of ${DATASET_FORMATS.join(', ')}`;
  const hint = `${name} was read as CSV because ${why}; pass --data-format ${DATA_FORMATS.slice(1).join('|')} to choose the reader.`;
  let matrix: DataMatrix;
  try {
    matrix = parseCsv(text(), name, csv);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const lines = error.message.split('\n');
    throw new InputError(error.code, lines[0]!, error.issues, [...lines.slice(1 + error.issues.length), hint].join('\n'));
  }
  // a guessed reading must find data: text of names only is not evidence of a CSV
  if (matrix.rows === 0) throw new InputError('BAD_FORMAT', `Cannot read ${name}:`, [{ where: name, message: 'holds no numeric line' }], hint);
  return matrix;
}
