import { InputError, type InputIssue } from '@derand/registry';
import { createEmbedding, type Embedding } from './embedding.js';

/** The JSON form of a saved embedding (format `derand-jl-embedding`, version 1). */
export interface EmbeddingJson {
  readonly format: 'derand-jl-embedding';
  readonly version: 1;
  readonly k: number;
  readonly d: number;
  readonly method: string;
  readonly meta: Readonly<Record<string, unknown>>;
  /** P as k rows of d numbers. */
  readonly matrix: number[][];
}

/**
 * The JSON form of an embedding (matrix as nested rows, float64 values).
 *
 * @example writeFileSync('P.json', JSON.stringify(embeddingToJson(e)));
 */
export function embeddingToJson(embedding: Embedding): EmbeddingJson {
  const rows: number[][] = [];
  for (let a = 0; a < embedding.k; a++) rows.push(Array.from(embedding.matrix.subarray(a * embedding.d, (a + 1) * embedding.d)));
  return { format: 'derand-jl-embedding', version: 1, k: embedding.k, d: embedding.d, method: embedding.method, meta: embedding.meta, matrix: rows };
}

/**
 * Rebuilds an embedding from its JSON form, or from a bare array of k rows; every problem
 * (wrong format tag, ragged rows, non-numbers) is reported together.
 *
 * @throws InputError `BAD_EMBEDDING`.
 * @example const e = embeddingFromJson(JSON.parse(text), 'P.json');
 */
export function embeddingFromJson(value: unknown, source: string): Embedding {
  const issues: InputIssue[] = [];
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (object !== undefined && object['format'] !== 'derand-jl-embedding') issues.push({ where: `${source} format`, message: "must be 'derand-jl-embedding'", value: object['format'] });
  const rows = Array.isArray(value) ? value : object?.['matrix'];
  if (!Array.isArray(rows) || rows.length === 0) {
    issues.push({ where: `${source} matrix`, message: 'must be a non-empty array of k rows of d numbers' });
    throw new InputError('BAD_EMBEDDING', `Cannot load an embedding from ${source}:`, issues);
  }
  const k = rows.length;
  const d = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : 0;
  const matrix = new Float64Array(k * d);
  rows.forEach((row: unknown, a) => {
    if (!Array.isArray(row) || row.length !== d) {
      if (issues.length < 20) issues.push({ where: `${source} matrix row ${a}`, message: `must hold ${d} numbers like row 0` });
      return;
    }
    row.forEach((v: unknown, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        if (issues.length < 20) issues.push({ where: `${source} matrix[${a}][${j}]`, message: 'is not a finite number', value: v });
      } else matrix[a * d + j] = v;
    });
  });
  if (d === 0) issues.push({ where: `${source} matrix`, message: 'rows are empty' });
  if (object !== undefined && (object['k'] !== k || object['d'] !== d)) issues.push({ where: `${source} k, d`, message: `say ${String(object['k'])} × ${String(object['d'])} but the matrix is ${k} × ${d}` });
  if (issues.length > 0) throw new InputError('BAD_EMBEDDING', `Cannot load an embedding from ${source}:`, issues);
  const method = typeof object?.['method'] === 'string' ? object['method'] : 'loaded';
  const meta = typeof object?.['meta'] === 'object' && object['meta'] !== null ? (object['meta'] as Record<string, unknown>) : {};
  return createEmbedding(matrix, k, d, method, meta);
}

