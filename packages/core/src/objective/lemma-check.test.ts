import { beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine } from '../testing/test-engine.js';
import * as tf from '@tensorflow/tfjs-core';
import { runLemmaCheck } from './lemma-check.js';
import { randomMlpFunction, type SmoothFunction } from './smooth-function.js';

beforeAll(async () => {
  await startTestEngine();
});

// A small instance on the reference backend (k = 2, x in R⁵, 10² quadrature nodes in the row
// space of W, so the certificate's curvature includes the complement term); the k = 4, d = 8
// check over λ ∈ {1e-1, 1e-2, 1e-3} runs through `derand lemma` and `derand reproduce`.
describe('the derandomization lemma, numerically', () => {
  it.each([1e-1, 1e-3])('PGD reaches a certified ρ-SOSP with ‖W‖_F ≤ ρ/(2λ − √(Kρ)) for λ = %s', (lambda) => {
    const g = randomMlpFunction.create(randomMlpFunction.options.parse({ hidden: [8, 8] }));
    const r = runLemmaCheck({ lambda, k: 2, d: 5, g, quadraturePoints: 10, steps: 5000, seed: 3 });
    expect(r.normW0).toBeGreaterThan(0.5);
    expect(r.certificate.rho).toBe(1e-6); // the stated tolerance, not the measured ‖∇f‖
    expect(r.certificate.gradientHolds).toBe(r.certificate.gradNorm <= 1e-6);
    expect(r.certificate.gradientHolds).toBe(true);
    expect(r.certificate.curvatureHolds).toBe(true);
    expect(r.certificate.isSOSP).toBe(true);
    expect(r.certificate.lemma?.applicable).toBe(true);
    expect(r.certificate.lemma?.holds).toBe(true);
    expect(r.normW).toBeLessThanOrEqual(r.certificate.lemma!.bound);
    expect(r.normW).toBeLessThan(1e-3 * r.normW0);
  });
});

// A g without parameters, written as a user would: the tilted double well
// g(y) = Σ_i (y_i² − 1)²/4 + 0.3·y_i. Its minimiser in b is closed-form per coordinate
// (b³ − b + 0.3 = 0, the root near −1.13), and W must collapse: E[g] grows with W at b.
describe('the lemma check with a user-supplied g', () => {
  const doubleWell: SmoothFunction = {
    inputDim: 2,
    build: () => ({
      theta: {},
      g: (y) => tf.tidy(() => tf.sum(tf.add(tf.div(tf.square(tf.sub(tf.square(y), 1)), 4), tf.mul(y, 0.3)), 1) as tf.Tensor1D),
    }),
  };
  // With η = 1/L (L ≈ 47, g's curvature sampled over [−4, 4]²) float32 stops the iterate at
  // ‖∇f‖ ≈ 4e-6 (measured on cpu: f and ‖∇f‖ repeat): ρ = 1e-5 is a tolerance it reaches.
  it('certifies at ρ = 1e-5 with ‖W‖_F within the bound, b at a closed-form minimiser', () => {
    const r = runLemmaCheck({ lambda: 0.1, k: 7, d: 4, g: doubleWell, rho: 1e-5, quadraturePoints: 8, steps: 20_000, seed: 1 });
    expect(r.k).toBe(2); // g fixes k
    expect(r.certificate.rho).toBe(1e-5);
    expect(r.certificate.gradientHolds && r.certificate.curvatureHolds && r.certificate.isSOSP).toBe(true);
    expect(r.certificate.lemma?.applicable).toBe(true);
    expect(r.normW).toBeLessThanOrEqual(r.certificate.lemma!.bound);
    // the minimisers of b³ − b + 0.3 = 0 (g' = 0 with g'' = 3b² − 1 > 0), by float64 bisection
    const root = (lo: number, hi: number): number => {
      for (let i = 0; i < 80; i++) {
        const mid = (lo + hi) / 2;
        if ((mid ** 3 - mid + 0.3 < 0) === (lo ** 3 - lo + 0.3 < 0)) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    const minima = [root(-2, -1 / Math.sqrt(3)), root(1 / Math.sqrt(3), 2)];
    expect(r.b.length).toBe(2);
    for (const b of r.b) expect(Math.min(...minima.map((m) => Math.abs(b - m)))).toBeLessThan(1e-4);
  });
});
