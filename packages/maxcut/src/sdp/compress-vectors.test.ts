import { describe, expect, it } from 'vitest';
import { keyFromSeed } from '@derand/core';
import { fixture } from '../../test/fixtures.js';
import { compressVectors, randomRotation } from './compress-vectors.js';
import { solveSdp } from './mixing-method.js';

const gram = (v: Float64Array, n: number, r: number): Float64Array => {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let t = 0; t < r; t++) out[i * n + j]! += v[i * r + t]! * v[j * r + t]!;
  return out;
};

describe('compressVectors', () => {
  it('keeps the Gram matrix within the dropped energy while using fewer columns', () => {
    const g = fixture('g05_60.0');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    for (const mix of [undefined, keyFromSeed(4)]) {
      const c = compressVectors(sdp.vectors, g.n, sdp.rank, 1e-8, mix);
      expect(c.rank).toBeLessThan(sdp.rank);
      expect(c.droppedEnergy).toBeLessThanOrEqual(1e-8);
      const before = gram(sdp.vectors, g.n, sdp.rank);
      const after = gram(c.vectors, g.n, c.rank);
      let worst = 0;
      for (let k = 0; k < before.length; k++) worst = Math.max(worst, Math.abs(before[k]! - after[k]!));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('draws orthogonal rotations', () => {
    const k = 7;
    const q = randomRotation(k, keyFromSeed(2));
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let dot = 0;
        for (let t = 0; t < k; t++) dot += q[a * k + t]! * q[b * k + t]!;
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
      }
    }
  });
});
