import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { writeFileAtomic } from '@derand/core/node';
import { DerandError, InputError } from '@derand/registry';
import { encodeNpy, parseNpy, type NpyDtype } from '../data/npy.js';
import { createEmbedding, type Embedding } from '../embedding/embedding.js';
import { embeddingFromJson, embeddingToJson } from '../embedding/embedding-json.js';

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
