/**
 * ‖actual − expected‖₂ / ‖expected‖₂ over two flat arrays of the same length: how tests compare
 * a result with its float64 reference (a missing entry counts as 0; an all-zero reference divides
 * by 1e-150 instead of 0).
 *
 * @example relativeError([1, 2.001], [1, 2]) < 1e-3; // true
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  const length = Math.max(actual.length, expected.length);
  for (let i = 0; i < length; i++) {
    diff += ((actual[i] ?? 0) - (expected[i] ?? 0)) ** 2;
    norm += (expected[i] ?? 0) ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-150);
}
