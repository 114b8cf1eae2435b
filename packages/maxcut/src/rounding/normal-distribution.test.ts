import { describe, expect, it } from 'vitest';
import { gaussLegendre, normalCdf, normalPdf, sameSideIntegral, sameSideProbabilities, sameSideProbability64, sinHalfPi } from './normal-distribution.js';

/** Φ₂(a, b; ρ) by conditioning on X: ∫_{−∞}^{a} φ(x) Φ((b − ρx)/√(1−ρ²)) dx (composite Simpson). */
function bivariateByConditioning(a: number, b: number, rho: number): number {
  const low = -12;
  const steps = 20_000;
  const h = (a - low) / steps;
  const root = Math.sqrt(1 - rho * rho);
  const f = (x: number): number => normalPdf(x) * normalCdf((b - rho * x) / root);
  let sum = f(low) + f(a);
  for (let k = 1; k < steps; k++) sum += (k % 2 === 1 ? 4 : 2) * f(low + k * h);
  return (sum * h) / 3;
}
const sameSideByConditioning = (a: number, b: number, rho: number): number => bivariateByConditioning(a, b, rho) + bivariateByConditioning(-a, -b, rho);

describe('normal distribution (float64 references)', () => {
  it('Φ matches tabulated values and Φ(x) + Φ(−x) = 1', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-2)).toBeCloseTo(0.022750131948179195, 15);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 9);
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 8); // the continued-fraction tail: 3e-9 relative
    for (const x of [0.3, 1.7, 4.2, 8.5]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it('Gauss–Legendre rules integrate polynomials of degree 2n − 1 exactly', () => {
    const { nodes, weights } = gaussLegendre(6);
    const integral = nodes.reduce((s, x, k) => s + weights[k]! * (x ** 10 + 3 * x ** 4 - x), 0);
    expect(integral).toBeCloseTo(2 / 11 + 6 / 5, 14);
    expect(sinHalfPi(1.2)).toBeCloseTo(Math.sin(1.2), 12);
    expect(sinHalfPi(-Math.PI / 2)).toBeCloseTo(-1, 11);
  });

  it('the same-side probability has the closed forms at a = b = 0 and at ρ = 0', () => {
    for (const rho of [-0.99, -0.5, 0.2, 0.9]) expect(sameSideProbability64(0, 0, rho)).toBeCloseTo(0.5 + Math.asin(rho) / Math.PI, 12);
    expect(sameSideProbability64(0.7, -1.3, 0)).toBeCloseTo(normalCdf(0.7) * normalCdf(-1.3) + normalCdf(-0.7) * normalCdf(1.3), 14);
  });

  it('agrees with an independent conditional-integral formula', () => {
    for (const [a, b, rho] of [[0.3, -0.8, 0.6], [-1.5, -0.2, -0.95], [2.1, 1.9, 0.99], [0.05, 0.07, -0.999], [3, -3, 0.3]] as const) {
      expect(sameSideProbability64(a, b, rho), `${a} ${b} ${rho}`).toBeCloseTo(sameSideByConditioning(a, b, rho), 9);
    }
  });

  it('the adaptive rule stays within 1e-7 of the reference over a grid', () => {
    const a: number[] = [];
    const b: number[] = [];
    const r: number[] = [];
    for (const rho of [-0.9999, -0.9995, -0.995, -0.985, -0.97, -0.94, -0.9, -0.79, -0.7, -0.59, -0.3, 0.1, 0.5, 0.85, 0.93, 0.98, 0.999]) {
      for (let x = -4; x <= 4; x += 0.25) {
        for (let y = -4; y <= 4; y += 0.5) {
          a.push(x);
          b.push(y);
          r.push(rho);
        }
      }
    }
    const out = new Float64Array(a.length);
    sameSideProbabilities(a, b, r, out);
    let worst = 0;
    for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(out[k]! - sameSideProbability64(a[k]!, b[k]!, r[k]!, 64)));
    expect(worst).toBeLessThan(1e-7);
    expect(sameSideIntegral(1, 2, 0)).toBe(0);
  });
});
