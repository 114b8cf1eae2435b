import { beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine } from '../testing/test-engine.js';
import { runLemmaCheck } from './lemma-check.js';

beforeAll(async () => {
  await startTestEngine();
});

// A small instance on the reference backend (k = 2, x in R⁵, 10² quadrature nodes in the row
// space of W, so the certificate's curvature includes the complement term); the k = 4, d = 8
// check over λ ∈ {1e-1, 1e-2, 1e-3} runs through `derand lemma` and `derand reproduce`.
describe('the derandomization lemma, numerically', () => {
  it.each([1e-1, 1e-3])('PGD reaches a certified ρ-SOSP with ‖W‖_F ≤ ρ/(2λ − √(Kρ)) for λ = %s', (lambda) => {
    const r = runLemmaCheck({ lambda, k: 2, d: 5, g: { hidden: [8, 8] }, quadraturePoints: 10, steps: 5000, seed: 3 });
    expect(r.normW0).toBeGreaterThan(0.5);
    expect(r.certificate.isSOSP).toBe(true);
    expect(r.certificate.lemma?.applicable).toBe(true);
    expect(r.certificate.lemma?.holds).toBe(true);
    expect(r.normW).toBeLessThanOrEqual(r.certificate.lemma!.bound);
    expect(r.normW).toBeLessThan(1e-3 * r.normW0);
  });
});
