import { InputError, type InputIssue } from '@derand/registry';

/**
 * The target dimension that the Johnson–Lindenstrauss lemma guarantees for n points at
 * distortion ε, as scikit-learn states it (`johnson_lindenstrauss_min_dim`):
 *
 *   k ≥ 4·ln(n) / (ε²/2 − ε³/3),   returned rounded down like scikit-learn.
 *
 * A random Gaussian (or Achlioptas) map to that dimension is an ε-embedding,
 * (1 − ε)‖u − v‖² < ‖Pu − Pv‖² < (1 + ε)‖u − v‖², with good probability.
 *
 * @param n - number of points (integer ≥ 1).
 * @param eps - distortion ε in (0, 1) (default 0.1).
 * @throws InputError `BAD_OPTION` for n or ε out of range (both reported).
 * @example minDimension(1e6, 0.5); // 663
 * @see Dasgupta & Gupta, "An elementary proof of a theorem of Johnson and Lindenstrauss", 2003.
 */
export function minDimension(n: number, eps = 0.1): number {
  const issues: InputIssue[] = [];
  if (!Number.isInteger(n) || n < 1) issues.push({ where: 'n', message: 'must be a positive integer', value: n });
  if (!(eps > 0 && eps < 1)) issues.push({ where: 'eps', message: 'must lie strictly between 0 and 1', value: eps });
  if (issues.length > 0) throw new InputError('BAD_OPTION', 'Invalid arguments of minDimension:', issues);
  return Math.floor((4 * Math.log(n)) / (eps ** 2 / 2 - eps ** 3 / 3));
}
