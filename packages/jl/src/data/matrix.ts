import { InputError, type InputIssue } from '@derand/registry';

/**
 * A dense data matrix held on the host: `rows` points of dimension `cols`, row-major float64.
 * `lines[i]` is the 1-based line of row i in its source file (CSV), when there is one, so that
 * errors can point at it.
 */
export interface DataMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float64Array;
  /** Where the data came from (a path, `mnist`, `uniform(n=100, d=500, seed=0)`). */
  readonly source: string;
  readonly lines?: Uint32Array;
}

/**
 * Row i as a view (no copy).
 *
 * @example const x0 = rowOf(X, 0);
 */
export function rowOf(matrix: DataMatrix, i: number): Float64Array {
  return matrix.values.subarray(i * matrix.cols, (i + 1) * matrix.cols);
}

/**
 * Human location of row i: `file:line` for files with lines, else `source row i`.
 *
 * @example whereRow(X, 3); // 'points.csv:5'
 */
export function whereRow(matrix: Pick<DataMatrix, 'source' | 'lines'>, i: number): string {
  const line = matrix.lines?.[i];
  return line === undefined ? `${matrix.source} row ${i}` : `${matrix.source}:${line}`;
}

/**
 * Builds a {@link DataMatrix} from nested arrays (a JSON payload, a test fixture).
 * Ragged rows and non-numbers are collected and reported together.
 *
 * @param rows - one array of numbers per point; all of equal length.
 * @param source - label used in error messages (default `'array'`).
 * @throws InputError `BAD_DATA` listing every ragged row and non-numeric entry.
 * @example const X = matrixFromRows([[1, 0], [0, 1]]);
 */
export function matrixFromRows(rows: readonly (readonly unknown[])[], source = 'array'): DataMatrix {
  const issues: InputIssue[] = [];
  const n = rows.length;
  const d = n === 0 ? 0 : (rows[0]?.length ?? 0);
  const values = new Float64Array(n * d);
  for (let i = 0; i < n && issues.length < 20; i++) {
    const row = rows[i];
    if (!Array.isArray(row)) {
      issues.push({ where: `${source} row ${i}`, message: 'is not an array of numbers', value: row });
      continue;
    }
    if (row.length !== d) {
      issues.push({ where: `${source} row ${i}`, message: `has ${row.length} values, expected ${d} like row 0 (ragged rows)` });
      continue;
    }
    for (let j = 0; j < d; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number') {
        issues.push({
          where: `${source} row ${i}, column ${j}`,
          message: v === null ? 'is null (JSON writes NaN and Infinity as null)' : 'is not a number',
          value: v,
        });
        break;
      }
      values[i * d + j] = v;
    }
  }
  if (issues.length > 0) throw new InputError('BAD_DATA', `Cannot read the data from ${source}:`, issues, 'Every row must hold the same number of finite numbers.');
  return { rows: n, cols: d, values, source };
}

/**
 * The rows as nested arrays (for JSON output and tests).
 *
 * @example matrixToRows(X); // [[1, 2], [3, 4]]
 */
export function matrixToRows(matrix: Pick<DataMatrix, 'rows' | 'cols' | 'values'>): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < matrix.rows; i++) out.push(Array.from(matrix.values.subarray(i * matrix.cols, (i + 1) * matrix.cols)));
  return out;
}

/**
 * A new matrix holding the chosen rows, in the given order.
 *
 * @example const firstTen = selectRows(X, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 */
export function selectRows(matrix: DataMatrix, indices: ArrayLike<number>, source = matrix.source): DataMatrix {
  const out = new Float64Array(indices.length * matrix.cols);
  const lines = matrix.lines === undefined ? undefined : new Uint32Array(indices.length);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!;
    out.set(rowOf(matrix, i), r * matrix.cols);
    if (lines !== undefined) lines[r] = matrix.lines![i]!;
  }
  return { rows: indices.length, cols: matrix.cols, values: out, source, ...(lines === undefined ? {} : { lines }) };
}

/**
 * Every row scaled to unit Euclidean norm (zero rows are left as they are; validation reports them).
 *
 * @example const unit = normalizeRows(X);
 */
export function normalizeRows(matrix: DataMatrix): DataMatrix {
  const out = new Float64Array(matrix.values);
  for (let i = 0; i < matrix.rows; i++) {
    let s = 0;
    for (let j = 0; j < matrix.cols; j++) s += out[i * matrix.cols + j]! ** 2;
    const norm = Math.sqrt(s);
    if (norm > 0) for (let j = 0; j < matrix.cols; j++) out[i * matrix.cols + j] = out[i * matrix.cols + j]! / norm;
  }
  return { ...matrix, values: out };
}
