import { describe, expect, it } from 'vitest';
import { parseMatrixMarket } from './read-matrix-market.js';

describe('parseMatrixMarket', () => {
  it('reads symmetric pattern, integer and real coordinate files', () => {
    const pattern = parseMatrixMarket('%%MatrixMarket matrix coordinate pattern symmetric\n% c\n3 3 2\n2 1\n3 2\n', { name: 'p.mtx' });
    expect([pattern.n, pattern.m, pattern.totalWeight]).toEqual([3, 2, 2]);
    const integer = parseMatrixMarket('%%MatrixMarket matrix coordinate integer symmetric\n3 3 2\n2 1 -2\n3 1 5\n', { name: 'i.mtx' });
    expect(Array.from(integer.weight)).toEqual([-2, 5]);
    const real = parseMatrixMarket('%%matrixmarket MATRIX Coordinate real general\n2 2 2\n1 2 0.5\n2 1 0.5\n', { name: 'r.mtx' });
    expect([real.m, real.weight[0]]).toEqual([1, 0.5]);
  });

  it('merges the mirrored entries of a general matrix and rejects an asymmetric one', () => {
    expect(() => parseMatrixMarket('%%MatrixMarket matrix coordinate real general\n2 2 2\n1 2 1\n2 1 3\n', { name: 'a.mtx' })).toThrow(
      /a\.mtx:4: entry \(2, 1\) = 3 differs from its mirror at a\.mtx:3 \(= 1\)/,
    );
    expect(() => parseMatrixMarket('%%MatrixMarket matrix coordinate real general\n2 2 3\n1 2 1\n2 1 1\n1 2 1\n', { name: 'a.mtx' })).toThrow(/appears again/);
  });

  it('rejects unsupported banners, sizes and entries with their lines', () => {
    expect(() => parseMatrixMarket('%%MatrixMarket matrix array real general\n2 2\n1\n', { name: 'x.mtx' })).toThrow(/'array' storage is not supported/);
    expect(() => parseMatrixMarket('%%MatrixMarket matrix coordinate complex hermitian\n', { name: 'x.mtx' })).toThrow(/field 'complex'[\s\S]*symmetry 'hermitian'/);
    expect(() => parseMatrixMarket('1 2 3\n', { name: 'x.mtx' })).toThrow(/x\.mtx:1: expected the banner/);
    expect(() => parseMatrixMarket('%%MatrixMarket matrix coordinate real general\n2 3 0\n', { name: 'x.mtx' })).toThrow(/must be square/);
    expect(() => parseMatrixMarket('%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 2 1.5\n3 1 1\n', { name: 'x.mtx' })).toThrow(
      /x\.mtx:3: value "1\.5" is not an integer[\s\S]*x\.mtx:4: row "3"/,
    );
    expect(() => parseMatrixMarket('%%MatrixMarket matrix coordinate pattern symmetric\n3 3 3\n2 1\n', { name: 'x.mtx' })).toThrow(/announces 3 entries but the file has 1/);
  });
});
