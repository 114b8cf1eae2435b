import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldIn, keyFromSeed, sampleUniform } from '@derand/core';
import { loadMnist } from '../node/mnist.js';
import { encodeNpy } from './npy.js';
import { readDataset } from '../node/read-dataset.js';
import { uniformUnitRows } from './uniform-rows.js';

describe('readDataset', () => {
  it('reads CSV, JSON and .npy by extension and gives the same matrix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jl-data-'));
    writeFileSync(join(dir, 'x.csv'), '1,2\n3,4\n');
    writeFileSync(join(dir, 'x.json'), '[[1,2],[3,4]]');
    writeFileSync(join(dir, 'x.npy'), encodeNpy([1, 2, 3, 4], [2, 2], 'float64'));
    for (const name of ['x.csv', 'x.json', 'x.npy']) expect(Array.from(readDataset(join(dir, name)).values), name).toEqual([1, 2, 3, 4]);
  });

  it('names a missing file and an unknown extension', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jl-data-'));
    expect(() => readDataset(join(dir, 'none.csv'))).toThrow(/Data file not found: .*none\.csv/);
    writeFileSync(join(dir, 'x.parquet'), 'PAR1');
    expect(() => readDataset(join(dir, 'x.parquet'))).toThrow(/read as CSV because its extension '\.parquet' is not one of \.csv, \.tsv, \.txt, \.json, \.npy; pass --data-format/);
    // the content decides where the extension does not, and contradicting evidence is refused
    writeFileSync(join(dir, 'x.dat'), '[[1,2],[3,4]]');
    expect(Array.from(readDataset(join(dir, 'x.dat')).values)).toEqual([1, 2, 3, 4]);
    writeFileSync(join(dir, 'y.dat'), encodeNpy([1, 2], [1, 2]));
    expect(readDataset(join(dir, 'y.dat')).cols).toBe(2);
    writeFileSync(join(dir, 'z.csv'), encodeNpy([1, 2], [1, 2]));
    expect(() => readDataset(join(dir, 'z.csv'))).toThrow(/z\.csv: holds a \.npy array[\s\S]*--data-format npy/);
    expect(Array.from(readDataset(join(dir, 'z.csv'), { format: 'npy' }).values)).toEqual([1, 2]);
  });
});

describe('MNIST by index', () => {
  it('takes the first digits of every class, in class order, equal to the package files', () => {
    const { matrix, labels } = loadMnist({ perClass: 3, offset: 2 });
    expect([matrix.rows, matrix.cols]).toEqual([30, 784]);
    expect(Array.from(labels.slice(0, 4))).toEqual([0, 0, 0, 1]);
    const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
    const raw = (JSON.parse(readFileSync(join(root, 'src', 'digits', '7.json'), 'utf8')) as { data: number[] }).data;
    // row 7·3 + 1 is digit 7, index 2 + 1 = 3
    expect(Array.from(matrix.values.subarray(22 * 784, 23 * 784))).toEqual(raw.slice(3 * 784, 4 * 784));
    expect(Array.from(loadMnist({ perClass: 3, offset: 2 }).matrix.values)).toEqual(Array.from(matrix.values));
  });

  it('refuses more digits than a class has', () => {
    expect(() => loadMnist({ perClass: 900 })).toThrow(/class 5: has 863 digits; offset 0 \+ perClass 900 exceeds it/);
  });
});

describe('uniformUnitRows', () => {
  it('draws keyed uniforms and normalises every row', () => {
    const key = foldIn(keyFromSeed(0), 'data');
    const X = uniformUnitRows(4, 6, key);
    const raw = sampleUniform(key, 24);
    for (let i = 0; i < 4; i++) {
      const row = raw.subarray(i * 6, i * 6 + 6);
      const norm = Math.hypot(...row);
      for (let j = 0; j < 6; j++) expect(X.values[i * 6 + j]).toBeCloseTo(row[j]! / norm, 14);
    }
    expect(Array.from(uniformUnitRows(4, 6, key).values)).toEqual(Array.from(X.values));
    expect(Array.from(uniformUnitRows(4, 6, foldIn(keyFromSeed(1), 'data')).values)).not.toEqual(Array.from(X.values));
  });
});
