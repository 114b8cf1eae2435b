/**
 * How long the fuzz properties run: `numRuns` runs in CI (seeded, so every CI run tries the
 * same mutants), times `DERAND_FUZZ_SCALE` (the root `pnpm fuzz` sets 100). `DERAND_FUZZ_SEED`
 * replaces the fixed seed, to explore other mutants.
 *
 * @param numRuns - runs of the property in CI
 * @returns the options to pass to the property-testing library's `assert`
 * @example fc.assert(property, fuzzSettings(300));
 */
export function fuzzSettings(numRuns: number): { readonly numRuns: number; readonly seed: number } {
  const env = typeof process === 'undefined' ? {} : process.env;
  const scale = Number(env['DERAND_FUZZ_SCALE'] ?? '1');
  const seed = Number(env['DERAND_FUZZ_SEED'] ?? '20260');
  return { numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))), seed: Number.isSafeInteger(seed) ? seed : 20260 };
}

/** Counts of what a fuzzed reader saw: mutants tried, read as valid, refused with an error. */
export interface FuzzTally {
  mutants: number;
  valid: number;
  refused: number;
}

/**
 * A tally per reader, and the line printed after the suite (`fuzz rudy: 1200 mutants (…)`).
 *
 * @example const tally = fuzzTally(); tally.of('rudy').mutants++; afterAll(() => console.log(tally.report()));
 */
export function fuzzTally(): { of(reader: string): FuzzTally; report(): string } {
  const tallies = new Map<string, FuzzTally>();
  return {
    of: (reader) => {
      let tally = tallies.get(reader);
      if (tally === undefined) {
        tally = { mutants: 0, valid: 0, refused: 0 };
        tallies.set(reader, tally);
      }
      return tally;
    },
    report: () => [...tallies].map(([reader, t]) => `fuzz ${reader}: ${t.mutants} mutants (${t.valid} read as valid, ${t.refused} refused with an error)`).join('\n'),
  };
}
