import { DerandError } from '@derand/registry';
import type { Activation } from './activation.js';
import { polynomial } from './polynomial.js';

/**
 * Coefficients (index i ↦ zⁱ) of the probabilists' Hermite polynomial He_k, from the
 * recurrence He₀ = 1, He₁ = z, He_{n+1} = z·He_n − n·He_{n−1}; divided by √(k!) when
 * `normalized` (then E[He_k(g)²] = 1 for g ~ N(0, 1)).
 *
 * @example hermiteCoefficients(3); // [0, -3, 0, 1]: He₃ = z³ − 3z
 */
export function hermiteCoefficients(degree: number, normalized = false): number[] {
  if (!Number.isInteger(degree) || degree < 0 || degree > 30) {
    throw new DerandError('BAD_ACTIVATION', `Hermite degree must be an integer in [0, 30] (got ${degree}); for example hermite:3.`);
  }
  let previous = [1];
  let current = degree === 0 ? [1] : [0, 1];
  for (let n = 1; n < degree; n++) {
    const next = new Array<number>(n + 2).fill(0);
    current.forEach((c, i) => (next[i + 1] = (next[i + 1] ?? 0) + c));
    previous.forEach((c, i) => (next[i] = (next[i] ?? 0) - n * c));
    previous = current;
    current = next;
  }
  if (!normalized) return current;
  let factorial = 1;
  for (let i = 2; i <= degree; i++) factorial *= i;
  const scale = 1 / Math.sqrt(factorial);
  return current.map((c) => c * scale);
}

/**
 * The probabilists' Hermite polynomial He_k as an activation or link:
 * φ = He_k, φ′ = k·He_{k−1}, φ″ = k(k−1)·He_{k−2} (each divided by √(k!) when normalised).
 *
 * @param degree k ≥ 0.
 * @param normalized divide by √(k!) so that E[φ(g)²] = 1 for g ~ N(0, 1) (default false).
 * @example const link = hermite(4, true);
 * @see Ben Arous, Gheissari & Jagannath, "Online SGD on non-convex losses from high-dimensional inference", JMLR 2021 (information exponent).
 */
export function hermite(degree: number, normalized = false): Activation {
  return polynomial(hermiteCoefficients(degree, normalized), normalized ? `He_${degree}/sqrt(${degree}!)` : `He_${degree}`, 'hermite');
}
