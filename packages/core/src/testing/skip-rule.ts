/**
 * The skip rule of this repository's tests: a test that cannot run here (no GPU, no Chromium,
 * no data folder) calls `context.skip(reason)` (vitest), so the run reports it as skipped with
 * the reason; it never returns early and passes. In a test file, a bare `return;` (with or
 * without a guard, `if (…) return;`) is therefore a finding, except on a line that says why it
 * is not a skip with the marker {@link NOT_A_SKIP} (for example a helper function's early exit,
 * or a `beforeAll` guard whose tests skip themselves).
 */
export const NOT_A_SKIP = '// not a skip:';

/** A line of a test file that breaks the skip rule. */
export interface SilentReturn {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

const BARE_RETURN = /(^|[\s{;)])return;/;

/**
 * Every line of a test file's text that returns without a value and without the marker.
 *
 * @param text - the file's contents
 * @param file - its name, for the findings
 * @example findSilentReturns("it('x', () => {\n  if (!gpu) return;\n});", 'x.test.ts'); // [{ file: 'x.test.ts', line: 2, … }]
 */
export function findSilentReturns(text: string, file: string): SilentReturn[] {
  const findings: SilentReturn[] = [];
  text.split('\n').forEach((line, i) => {
    if (BARE_RETURN.test(line) && !line.includes(NOT_A_SKIP)) findings.push({ file, line: i + 1, text: line.trim() });
  });
  return findings;
}
