import { InputError, jsonErrorLine } from '@derand/registry';
import { matrixFromRows, type DataMatrix } from './matrix.js';

/**
 * Parses JSON data: an array of rows (`[[…], […]]`) or an object with a `data` array of rows.
 * Ragged rows and entries that are not numbers (including the `null` that JSON writes for NaN
 * and Infinity) are collected and reported together with their row and column.
 *
 * @param text - the file contents.
 * @param source - file name used in messages.
 * @throws InputError `BAD_JSON` (naming the line) when the text is not JSON, or not an array of rows; `BAD_DATA` for bad entries.
 * @example const X = parseJsonData('{"data": [[1, 2], [3, 4]]}', 'points.json');
 */
export function parseJsonData(text: string, source: string): DataMatrix {
  let parsed: unknown;
  // a byte-order mark before the JSON text may be ignored (RFC 8259 §8.1); JSON.parse refuses it
  const json = text.replace(/^\uFEFF/, '');
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new InputError('BAD_JSON', `Cannot read ${source}:`, [{ where: `${source}:${jsonErrorLine(json, error)}`, message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
  const rows: unknown = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['data'] : undefined;
  if (!Array.isArray(rows)) {
    throw new InputError('BAD_JSON', `Cannot read ${source}:`, [
      { where: source, message: 'must hold an array of rows ([[x11, x12, …], …]) or an object {"data": [[…], …]}' },
    ]);
  }
  return matrixFromRows(rows as unknown[][], source);
}
