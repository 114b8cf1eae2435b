import { InputError, type InputIssue } from '@derand/registry';
import type { DataMatrix } from './matrix.js';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** Cell separator; default: detected from the first data line (`,` then `;` then tab, else runs of spaces). */
  readonly delimiter?: string;
  /**
   * Whether the first non-comment line is a header; default: only a line of names (no cell a
   * number). A first line mixing numbers and words is a bad data line, and one that reads
   * 0, 1, …, d−1 or 1, …, d (what pandas writes as column names) is refused: either reading is plausible.
   */
  readonly header?: boolean;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(nan|inf|infinity)$/i;

function parseCell(cell: string): number {
  const lower = cell.toLowerCase();
  if (lower === 'nan' || lower === '+nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return Number(cell);
}

/** Cells 0, 1, …, d−1 or 1, …, d (d ≥ 3): the column names pandas writes by default. */
function looksLikeColumnNumbers(cells: readonly string[]): boolean {
  if (cells.length < 3) return false;
  const first = cells[0];
  const start = first === '0' ? 0 : first === '1' ? 1 : -1;
  return start >= 0 && cells.every((c, i) => c === String(start + i));
}

function detectDelimiter(line: string): string | RegExp {
  for (const candidate of [',', ';', '\t']) if (line.includes(candidate)) return candidate;
  return /\s+/;
}

/**
 * Parses numeric CSV text into a {@link DataMatrix}: one point per line, `#` comments and blank
 * lines skipped, an optional header line. `NaN`/`inf` cells parse (validation rejects their
 * rows with the line number); every ragged line and non-numeric cell is collected and reported
 * together with `file:line`.
 *
 * @param text - the file contents.
 * @param source - file name used in messages.
 * @param options - delimiter and header (both detected by default).
 * @throws InputError `BAD_CSV` listing ragged lines and non-numeric cells (first 20).
 * @example const X = parseCsv('1,2\n3,4\n', 'points.csv'); // 2 × 2
 */
export function parseCsv(text: string, source: string, options: CsvOptions = {}): DataMatrix {
  const lines = text.split(/\r?\n/);
  const issues: InputIssue[] = [];
  let delimiter: string | RegExp | undefined = options.delimiter;
  let width = -1;
  let headerDone = options.header === false;
  const cells: number[] = [];
  const lineOf: number[] = [];
  let problems = 0;
  for (let l = 0; l < lines.length; l++) {
    const raw = lines[l]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    delimiter ??= detectDelimiter(raw);
    const parts = raw.split(delimiter).map((c) => c.trim());
    if (!headerDone) {
      headerDone = true;
      if (options.header === true || parts.every((c) => !NUMBER.test(c))) continue;
      if (options.header === undefined && looksLikeColumnNumbers(parts)) {
        throw new InputError('BAD_CSV', `Cannot read ${source} as numeric CSV:`, [
          { where: `${source}:${l + 1}`, message: `reads ${parts.length > 4 ? `${parts.slice(0, 3).join(',')},…,${parts.at(-1)}` : parts.join(',')}: column numbers (a header) or a data point`, value: raw },
        ], 'Pass --header yes to skip it or --header no to read it as data.');
      }
    }
    if (width < 0) width = parts.length;
    if (parts.length !== width) {
      problems++;
      if (issues.length < 20) issues.push({ where: `${source}:${l + 1}`, message: `has ${parts.length} cells, expected ${width} like the first data line (ragged rows)` });
      continue;
    }
    const bad = parts.findIndex((c) => !NUMBER.test(c));
    if (bad >= 0) {
      problems++;
      if (issues.length < 20) issues.push({ where: `${source}:${l + 1}, column ${bad + 1}`, message: 'is not a number', value: parts[bad] });
      continue;
    }
    for (const c of parts) cells.push(parseCell(c));
    lineOf.push(l + 1);
  }
  if (issues.length > 0) {
    throw new InputError(
      'BAD_CSV',
      `Cannot read ${source} as numeric CSV (${problems} bad line(s)${problems > issues.length ? `, first ${issues.length} shown` : ''}):`,
      issues,
      'Each line must hold the same number of numeric cells; a first line of names only is taken as a header (--header yes|no decides).',
    );
  }
  const cols = Math.max(0, width);
  return { rows: lineOf.length, cols, values: Float64Array.from(cells), source, lines: Uint32Array.from(lineOf) };
}
