import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@derand/core/node';

/** One benchmark: `run` is timed `samples` times after `warmup` untimed runs. */
export interface BenchCase {
  readonly name: string;
  readonly backend: string;
  /** Name of the case (same suite, same run) whose median this one is compared to. */
  readonly baseline?: string;
  /** Prepares the case (start the backend, build inputs); not timed. */
  readonly setup?: () => void | Promise<void>;
  readonly run: () => void | Promise<void>;
  readonly teardown?: () => void | Promise<void>;
  readonly warmup?: number;
  readonly samples?: number;
  /** Extra figures measured once after timing (peak memory, achieved GFLOP/s inputs, quality). */
  readonly extra?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * Times measured by the case itself in this run, in place of timing `run` (a reference loop
   * in another process, see `pythonReferenceCase`): milliseconds per run, or why it was not run.
   */
  readonly measure?: () => Promise<readonly number[] | { readonly notRun: string }>;
  /** More cases of this run (by name) to report this one's median as a ratio to, besides `baseline`. */
  readonly references?: readonly string[];
}

export interface BenchResult {
  readonly name: string;
  readonly backend: string;
  readonly samples: number;
  /** Milliseconds per run. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly baseline?: string;
  /** median / baseline median, measured in the same process. */
  readonly ratioToBaseline?: number;
  /** median / reference median for each of `references` that ran in this run. */
  readonly ratioToReference?: Record<string, number>;
  /** Why a reference (or this case, under its own name) was not run. */
  readonly notRun?: Record<string, string>;
  readonly extra?: Record<string, unknown>;
}

export interface BenchReport {
  readonly suite: string;
  readonly startedAt: string;
  readonly node: string;
  readonly platform: string;
  readonly results: BenchResult[];
}

export interface RunBenchmarksOptions {
  /** JSON output path (written atomically). */
  readonly out?: string;
  /** Only cases whose name contains this text. */
  readonly filter?: string;
  readonly log?: (line: string) => void;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/**
 * Runs a benchmark suite and reports medians and ratios to baselines measured in the same
 * run (never against wall-clock limits). Cases run one after another, in order.
 */
export async function runBenchmarks(suite: string, cases: readonly BenchCase[], options: RunBenchmarksOptions = {}): Promise<BenchReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const selected = cases.filter((c) => options.filter === undefined || c.name.includes(options.filter));
  const results: BenchResult[] = [];
  for (const c of selected) {
    await c.setup?.();
    const times: number[] = [];
    let skipped: string | undefined;
    if (c.measure !== undefined) {
      const measured = await c.measure();
      if ('notRun' in measured) skipped = measured.notRun;
      else times.push(...measured);
    } else {
      for (let i = 0; i < (c.warmup ?? 1); i++) await c.run();
      for (let i = 0; i < (c.samples ?? 5); i++) {
        const t0 = performance.now();
        await c.run();
        times.push(performance.now() - t0);
      }
    }
    const extra = c.extra === undefined ? undefined : await c.extra();
    await c.teardown?.();
    const base = c.baseline === undefined ? undefined : results.find((r) => r.name === c.baseline && r.samples > 0);
    const ratioToReference: Record<string, number> = {};
    const notRun: Record<string, string> = skipped === undefined ? {} : { [c.name]: skipped };
    for (const name of c.references ?? []) {
      const reference = results.find((r) => r.name === name);
      if (reference === undefined) notRun[name] = 'not selected in this run (see --filter)';
      else if (reference.samples === 0) notRun[name] = reference.notRun?.[name] ?? 'not run';
      else ratioToReference[name] = median(times) / reference.median;
    }
    const result: BenchResult = {
      name: c.name,
      backend: c.backend,
      samples: times.length,
      median: median(times),
      min: Math.min(...times),
      max: Math.max(...times),
      ...(c.baseline === undefined ? {} : { baseline: c.baseline }),
      ...(base === undefined ? {} : { ratioToBaseline: median(times) / base.median }),
      ...(Object.keys(ratioToReference).length === 0 ? {} : { ratioToReference }),
      ...(Object.keys(notRun).length === 0 ? {} : { notRun }),
      ...(extra === undefined ? {} : { extra }),
    };
    results.push(result);
    log(
      skipped !== undefined
        ? `${suite} ${c.name} [${c.backend}]: not run: ${skipped}`
        : `${suite} ${c.name} [${c.backend}]: median ${result.median.toFixed(3)} ms (min ${result.min.toFixed(3)}, max ${result.max.toFixed(3)})` +
            (result.ratioToBaseline === undefined ? '' : `, ${result.ratioToBaseline.toFixed(3)}× ${c.baseline}`) +
            Object.entries(ratioToReference)
              .map(([name, ratio]) => `, ${ratio.toFixed(3)}× ${name}`)
              .join('') +
            Object.entries(notRun)
              .map(([name, why]) => `; ${name} not run: ${why}`)
              .join(''),
    );
  }
  const report: BenchReport = {
    suite,
    startedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    results,
  };
  if (options.out !== undefined) writeFileAtomic(options.out, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** Parses `--out FILE` and `--filter TEXT` from a bench script's argv. */
export function benchArgs(argv: readonly string[], defaultOut: string): { out: string; filter?: string } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const filter = value('--filter');
  return { out: value('--out') ?? defaultOut, ...(filter === undefined ? {} : { filter }) };
}

/**
 * `<repo>/bench-results/<file>`: where each suite writes its JSON unless given `--out`. Resolved
 * from this module (packages/bench/dist/harness/ or, in a device bundle, packages/bench/src/harness/).
 */
export function resultsFile(file: string): string {
  return fileURLToPath(new URL(`../../../../bench-results/${file}`, import.meta.url));
}

/**
 * A case timed once, without warm-up (each run is long and deterministic), whose figures are
 * what `run` returns.
 *
 * @example onceCase('maxcut/G1', 'wasm', async () => ({ cut: (await solve(spec)).cut }));
 */
export function onceCase(name: string, backend: string, run: () => Record<string, unknown> | Promise<Record<string, unknown>>, setup?: () => void | Promise<void>): BenchCase {
  let figures: Record<string, unknown> = {};
  return {
    name,
    backend,
    warmup: 0,
    samples: 1,
    ...(setup === undefined ? {} : { setup }),
    run: async () => {
      figures = await run();
    },
    extra: () => figures,
  };
}
