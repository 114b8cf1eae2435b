import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { writeFileAtomic } from '@derand/core/node';
import { DerandError, InputError, type InputIssue } from '@derand/registry';
import { encodeNpy, parseNpy, type NpyDtype } from '../data/npy.js';
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

/**
 * Saves P atomically: `.npy` (the k × d matrix, float32 by default or float64) or `.json`
 * (matrix plus method and metadata), chosen by the extension.
 *
 * @param path - `*.json` or `*.npy`.
 * @param embedding - what to save.
 * @param options - `dtype` of the `.npy` file (default float32).
 * @throws InputError `BAD_FORMAT` for another extension.
 * @example saveEmbedding('P.npy', result.embedding);
 */
export function saveEmbedding(path: string, embedding: Embedding, options: { dtype?: NpyDtype } = {}): void {
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') writeFileAtomic(path, encodeNpy(embedding.matrix, [embedding.k, embedding.d], options.dtype ?? 'float32'));
  else if (ext === '.json') writeFileAtomic(path, `${JSON.stringify(embeddingToJson(embedding))}\n`);
  else throw new InputError('BAD_FORMAT', `Cannot save an embedding to ${path}:`, [{ where: path, message: `has extension '${ext}'; use .json or .npy` }]);
}

/**
 * Loads an embedding saved by {@link saveEmbedding} (or any k × d float32/float64 `.npy`
 * matrix, or a JSON array of rows).
 *
 * @throws DerandError `FILE_NOT_FOUND`; InputError `BAD_FORMAT`, `BAD_NPY`, `BAD_EMBEDDING`.
 * @example const e = loadEmbedding('P.npy'); const Y = e.transform(X);
 */
export function loadEmbedding(path: string): Embedding {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new DerandError('FILE_NOT_FOUND', `Embedding file not found: ${path}.`, { details: { path } });
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') {
    const array = parseNpy(bytes, path);
    if (array.shape.length !== 2) {
      throw new InputError('BAD_EMBEDDING', `Cannot load an embedding from ${path}:`, [{ where: `${path} header 'shape'`, message: `is ${array.shape.length}-D; an embedding matrix is k × d` }]);
    }
    return createEmbedding(array.values, array.shape[0]!, array.shape[1]!, 'loaded', { source: path });
  }
  if (ext === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new InputError('BAD_EMBEDDING', `Cannot load an embedding from ${path}:`, [{ where: path, message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` }]);
    }
    return embeddingFromJson(parsed, path);
  }
  throw new InputError('BAD_FORMAT', `Cannot load an embedding from ${path}:`, [{ where: path, message: `has extension '${ext}'; use .json or .npy` }]);
}
