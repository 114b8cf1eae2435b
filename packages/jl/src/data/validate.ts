import { InputError, type InputIssue } from '@derand/registry';
import { type DataMatrix, whereRow } from './matrix.js';

/** What the data must satisfy besides being finite and non-zero. */
export interface ValidateOptions {
  /** Target dimension; must satisfy 1 ≤ k ≤ d. */
  readonly k?: number;
  /** Pairwise problems need at least two distinct points (a repeated point has no direction). */
  readonly distinctRows?: boolean;
  /** Norm problems need non-zero rows (the default). */
  readonly nonZeroRows?: boolean;
}

const SHOWN = 8;

function listed(rows: number[], matrix: DataMatrix): string {
  const shown = rows.slice(0, SHOWN).map((i) => whereRow(matrix, i));
  return shown.join(', ') + (rows.length > SHOWN ? ` and ${rows.length - SHOWN} more` : '');
}

/**
 * Checks a data matrix before any work and reports every problem at once: empty data,
 * rows holding NaN or ±Infinity, zero rows, repeated rows (for pairwise problems) and a target
 * dimension k outside [1, d]. Locations are `file:line` for text files and `source row i` else.
 *
 * @param matrix - the data (n × d).
 * @param options - `k` to check against d; `distinctRows` for pairwise problems; `nonZeroRows` (default true).
 * @throws InputError `BAD_DATA` with one issue per kind of problem.
 * @example validateData(X, { k: 30, distinctRows: true });
 */
export function validateData(matrix: DataMatrix, options: ValidateOptions = {}): void {
  const issues: InputIssue[] = [];
  const { rows: n, cols: d, values } = matrix;
  if (n === 0 || d === 0) issues.push({ where: matrix.source, message: `holds no data (${n} rows × ${d} columns)` });
  const nonFinite: number[] = [];
  const zero: number[] = [];
  for (let i = 0; i < n; i++) {
    let finite = true;
    let nonzero = false;
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j]!;
      if (!Number.isFinite(v)) finite = false;
      else if (v !== 0) nonzero = true;
    }
    if (!finite) nonFinite.push(i);
    else if (!nonzero) zero.push(i);
  }
  if (nonFinite.length > 0) {
    issues.push({ where: listed(nonFinite, matrix), message: `${nonFinite.length} row(s) hold NaN or ±Infinity; remove or impute them` });
  }
  if (zero.length > 0 && options.nonZeroRows !== false) {
    issues.push({ where: listed(zero, matrix), message: `${zero.length} row(s) are all zeros; a zero vector has no norm to preserve, remove them` });
  }
  if (options.distinctRows === true) {
    const seen = new Map<string, number>();
    const repeats: string[] = [];
    let count = 0;
    const bad = new Set(nonFinite);
    for (let i = 0; i < n; i++) {
      if (bad.has(i)) continue;
      const keyText = Array.from(values.subarray(i * d, (i + 1) * d)).join(',');
      const first = seen.get(keyText);
      if (first === undefined) seen.set(keyText, i);
      else {
        count++;
        if (repeats.length < SHOWN) repeats.push(`${whereRow(matrix, i)} repeats ${whereRow(matrix, first)}`);
      }
    }
    if (count > 0) {
      issues.push({ where: repeats.join('; ') + (count > SHOWN ? ` and ${count - SHOWN} more` : ''), message: `${count} repeated row(s): the distance between equal points is 0, so its distortion is undefined; remove duplicates` });
    }
    if (n < 2) issues.push({ where: matrix.source, message: `pairwise distortion needs at least 2 points (got ${n})` });
  }
  if (options.k !== undefined) {
    const k = options.k;
    if (!Number.isInteger(k) || k < 1) issues.push({ where: 'k', message: 'must be a positive integer', value: k });
    else if (d > 0 && k > d) issues.push({ where: 'k', message: `must not exceed the data dimension d = ${d} (an embedding into more dimensions than the data has is not a reduction); use k ≤ ${d}`, value: k });
  }
  if (issues.length > 0) throw new InputError('BAD_DATA', `The data from ${matrix.source} (${n} × ${d}) cannot be embedded:`, issues);
}
