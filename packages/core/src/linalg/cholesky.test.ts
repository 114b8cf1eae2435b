import { describe, expect, it } from 'vitest';
import { choleskyBackwardError, choleskySolve, isPositiveDefinite } from './cholesky.js';

const shifted = (n: number, shift: number): Float64Array => {
  // tridiag(−1, 2, −1) + shift·I has λ_min = 2 − 2cos(π/(n+1)) + shift
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    m[i * n + i] = 2 + shift;
    if (i > 0) m[i * n + i - 1] = m[(i - 1) * n + i] = -1;
  }
  return m;
};

describe('isPositiveDefinite', () => {
  it('accepts a matrix just above λ_min = 0 and rejects one just below', () => {
    const n = 50;
    const lambdaMin = 2 - 2 * Math.cos(Math.PI / (n + 1));
    expect(isPositiveDefinite(shifted(n, -lambdaMin + 1e-6), n)).toBe(true);
    expect(isPositiveDefinite(shifted(n, -lambdaMin - 1e-6), n)).toBe(false);
    expect(isPositiveDefinite(Float64Array.from([0]), 1)).toBe(false);
  });

  it('bounds the backward error by 2(n+1)·n·u·max diag', () => {
    expect(choleskyBackwardError(1000, 4)).toBeCloseTo(2 * 1001 * 1000 * 2 ** -53 * 4, 25);
  });

  it('solves with the factor it leaves in place', () => {
    const n = 40;
    const m = shifted(n, 0.01);
    const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const original = Float64Array.from(m);
    expect(isPositiveDefinite(m, n)).toBe(true);
    const x = choleskySolve(m, n, b);
    let residual = 0;
    for (let i = 0; i < n; i++) {
      let s = -b[i]!;
      for (let j = 0; j < n; j++) s += original[i * n + j]! * x[j]!;
      residual = Math.max(residual, Math.abs(s));
    }
    expect(residual).toBeLessThan(1e-12);
    expect(() => choleskySolve(m, n, new Float64Array(3))).toThrow(/b has 3 entries; n = 40/);
  });
});
