/**
 * About `count` distinct integer steps in [0, total], log-spaced (as the authors' trajectory
 * snapshots): 0, then round(total^{i/(count−2)}) for i = 0…count−2, deduplicated, always
 * including 0 and total.
 *
 * @example logSpacedSteps(10_000, 6); // [0, 1, 10, 100, 1000, 10000]
 */
export function logSpacedSteps(total: number, count: number): number[] {
  if (count <= 0 || total < 0) return [];
  if (count === 1 || total === 0) return [total];
  const steps = new Set<number>([0, total]);
  const inner = count - 2;
  for (let i = 0; i <= inner; i++) steps.add(Math.round(total ** (inner === 0 ? 1 : i / inner)));
  return [...steps].sort((a, b) => a - b);
}
