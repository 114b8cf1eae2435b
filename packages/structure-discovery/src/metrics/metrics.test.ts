import { describe, expect, it } from 'vitest';
import { keyFromSeed, sampleNormal } from '@derand/core';
import { subspaceMetrics } from './subspace-metrics.js';

describe('subspace metrics', () => {
  it('match hand-computed values for neurons in the plane', () => {
    // u = (1,1)/√2; rows (1,1), (1,−1)·0.1, (2,2)
    const u = [Math.SQRT1_2, Math.SQRT1_2];
    const w = [1, 1, 0.1, -0.1, 2, 2];
    const m = subspaceMetrics(w, 3, 2, u, 1);
    const normW2 = 2 + 0.02 + 8;
    expect(m.normW).toBeCloseTo(Math.sqrt(normW2), 12);
    expect(m.normWperp).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(m.orthFraction).toBeCloseTo(0.02 / normW2, 12);
    expect(m.relWperp).toBeCloseTo(Math.sqrt(0.02 / normW2), 12);
    // W = [√2·u; 0.1√2·u⊥; 2√2·u] has singular values √(2+8)=√10 (along u) and √0.02
    expect(m.singularValues[0]).toBeCloseTo(Math.sqrt(10), 12);
    expect(m.singularValues[1]).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(m.principalAnglesDeg[0]).toBeCloseTo(0, 6);
    const p = [Math.sqrt(10), Math.sqrt(0.02)].map((s) => s / (Math.sqrt(10) + Math.sqrt(0.02)));
    expect(m.effectiveRank).toBeCloseTo(Math.exp(-p.reduce((s, x) => s + x * Math.log(x), 0)), 12);
    expect(m.stableRank).toBeCloseTo(normW2 / 10, 12);
  });

  it('give a 90° angle when W lives in U⊥ and the known angle when rotated', () => {
    const d = 5;
    const u = [1, 0, 0, 0, 0, 0, 1, 0, 0, 0]; // span(e1, e2)
    const theta = 0.3;
    // rows in span(cosθ e1 + sinθ e3, e2)
    const h = 50;
    const coeffs = sampleNormal(keyFromSeed(3), 2 * h);
    const w = new Float64Array(h * d);
    for (let i = 0; i < h; i++) {
      w[i * d] = coeffs[2 * i]! * Math.cos(theta);
      w[i * d + 2] = coeffs[2 * i]! * Math.sin(theta);
      w[i * d + 1] = coeffs[2 * i + 1]!;
    }
    const m = subspaceMetrics(w, h, d, u, 2);
    expect(m.principalAnglesDeg[0]).toBeCloseTo(0, 6);
    expect(m.principalAnglesDeg[1]).toBeCloseTo((theta * 180) / Math.PI, 6);
    const perp = new Float64Array(h * d);
    for (let i = 0; i < h; i++) perp[i * d + 3] = coeffs[i]!;
    const orth = subspaceMetrics(perp, h, d, u, 2);
    expect(orth.orthFraction).toBeCloseTo(1, 12);
    expect(orth.principalAnglesDeg[1]).toBeCloseTo(90, 6);
  });
});
