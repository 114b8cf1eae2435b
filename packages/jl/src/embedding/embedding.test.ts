import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../data/matrix.js';
import { parseNpy } from '../data/npy.js';
import { createEmbedding } from './embedding.js';
import { embeddingFromJson } from './embedding-json.js';
import { loadEmbedding, saveEmbedding } from '../node/save-load.js';

const P = createEmbedding(Float64Array.of(1, 2, 0, -1, 0.5, 3), 2, 3, 'test', { seed: 4 });

describe('Embedding', () => {
  it('transforms rows as P x', () => {
    const Y = P.transform(matrixFromRows([[1, 0, 0], [1, 1, 1]], 'x'));
    expect(Array.from(Y.values)).toEqual([1, -1, 3, 2.5]);
    expect(() => P.transform(matrixFromRows([[1, 2]], 'short'))).toThrow(/short: has dimension 2, but the embedding maps R\^3 to R\^2/);
  });

  it('saves and loads as JSON (exact) and .npy (float32 or float64), atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jl-emb-'));
    saveEmbedding(join(dir, 'P.json'), P);
    const json = loadEmbedding(join(dir, 'P.json'));
    expect(Array.from(json.matrix)).toEqual(Array.from(P.matrix));
    expect([json.method, json.meta]).toEqual(['test', { seed: 4 }]);
    saveEmbedding(join(dir, 'P.npy'), P, { dtype: 'float64' });
    expect(parseNpy(readFileSync(join(dir, 'P.npy')), 'P.npy').shape).toEqual([2, 3]);
    expect(Array.from(loadEmbedding(join(dir, 'P.npy')).matrix)).toEqual(Array.from(P.matrix));
    saveEmbedding(join(dir, 'P32.npy'), createEmbedding(Float64Array.of(0.1, 0.2), 1, 2, 't'));
    expect(Array.from(loadEmbedding(join(dir, 'P32.npy')).matrix)).toEqual(Array.from(Float32Array.of(0.1, 0.2)));
    expect(() => saveEmbedding(join(dir, 'P.txt'), P)).toThrow(/use \.json or \.npy/);
  });

  it('reports every problem of a bad embedding file', () => {
    expect(() => embeddingFromJson({ format: 'other', matrix: [[1, 2], [3]] }, 'e.json')).toThrow(/e\.json format: must be 'derand-jl-embedding'[\s\S]*e\.json matrix row 1: must hold 2 numbers/);
    const dir = mkdtempSync(join(tmpdir(), 'jl-emb-'));
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => loadEmbedding(join(dir, 'bad.json'))).toThrow(/is not valid JSON/);
    expect(() => loadEmbedding(join(dir, 'missing.npy'))).toThrow(/Embedding file not found/);
  });
});
