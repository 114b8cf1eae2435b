/**
 * Two builds of derand timed in the same run: the CLI of a baseline checkout (`--baseline DIR`,
 * for example `git worktree add ../prev <commit> && (cd ../prev && pnpm install && pnpm build)`)
 * against this one, on the same solver commands, alternating baseline and current `--repeats`
 * times so that drifting machine load hits both alike. Each case reports both medians, each
 * build's run-to-run spread (max − min over the median), the ratio current/baseline, whether the
 * slowdown exceeds the larger spread, and whether the two builds' result figures are identical
 * for the same seed. Written to <repo>/bench-results/builds.json.
 *
 *   node packages/bench/dist/builds.js --baseline ../prev [--repeats 3] [--filter TEXT] [--out FILE]
 *
 * Without --baseline the suite writes nothing and says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic, dataDir } from '@derand/core/node';
import { benchArgs, resultsFile, type BenchReport, type BenchResult } from './harness/index.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const { out, filter } = benchArgs(argv, resultsFile('builds.json'));
const baselineRoot = flag('--baseline');
const repeats = Number(flag('--repeats') ?? 3);
if (baselineRoot === undefined) {
  process.stderr.write('bench builds: skipped: give --baseline DIR, a checkout of the previous build with its packages built (pnpm build)\n');
  process.exit(0);
}
if (!Number.isInteger(repeats) || repeats < 1) {
  process.stderr.write(`bench builds: --repeats must be a positive integer (got ${flag('--repeats')})\n`);
  process.exit(2);
}
const currentRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cliOf = (root: string): string => join(resolve(root), 'apps/cli/dist/bin.js');
for (const root of [baselineRoot, currentRoot]) {
  if (!existsSync(cliOf(root))) {
    process.stderr.write(`bench builds: ${cliOf(root)} is missing: build that checkout first (pnpm build)\n`);
    process.exit(2);
  }
}

/** A CLI command timed on both builds and the result figures compared between them. */
interface BuildCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly figures: readonly string[];
  /** A reason to skip, when the case cannot run here. */
  readonly skip?: string;
}

const data = dataDir();
const g1 = data === undefined ? undefined : join(data, 'gset', 'G1.txt');
const cases: BuildCase[] = [
  {
    name: 'maxcut/G1',
    args: ['maxcut', g1 ?? 'G1.txt'],
    figures: ['roundedCut', 'cut', 'steps', 'normV', 'upperBound'],
    ...(g1 !== undefined && existsSync(g1) ? {} : { skip: 'the data folder has no gset/G1.txt (set DERAND_DATA_DIR)' }),
  },
  { name: 'structure/paper-fig3', args: ['structure', '--preset', 'paper-fig3'], figures: ['orthFraction', 'testLoss', 'normWperp'] },
  { name: 'jl/uniform-pairwise', args: ['jl', 'uniform'], figures: ['pairsMax', 'pairsMean', 'sigma', 'bestStep'] },
  { name: 'jl/uniform-500x64-k20-pairwise', args: ['jl', 'uniform:500x64', '--k', '20', '--steps', '200'], figures: ['pairsMax', 'pairsMean', 'sigma', 'bestStep'] },
  { name: 'lemma/k2-d5', args: ['lemma', '--lambda', '0.1,0.001', '--k', '2', '--d', '5', '--quadrature', '10'], figures: ['allSOSP', 'allWithinBound'] },
].filter((c) => filter === undefined || c.name.includes(filter));

/** One run of a case on one build: wall milliseconds of the process and the figures of its JSON result. */
function runOnce(root: string, c: BuildCase): { ms: number; figures: Record<string, unknown> } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [cliOf(root), ...c.args, '--json', '--quiet', '--backend', 'wasm', '--seed', '0'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...(data === undefined ? {} : { DERAND_DATA_DIR: data }) },
  });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${c.name} on ${root} exited ${run.status}: ${run.stderr.slice(0, 400)}`);
  const result = JSON.parse(run.stdout) as Record<string, unknown>;
  return { ms, figures: Object.fromEntries(c.figures.map((f) => [f, result[f] ?? null])) };
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const spread = (values: readonly number[]): number => (Math.max(...values) - Math.min(...values)) / median(values);

const results: BenchResult[] = [];
for (const c of cases) {
  if (c.skip !== undefined) {
    process.stderr.write(`  ${c.name}: skipped: ${c.skip}\n`);
    continue;
  }
  const times = { baseline: [] as number[], current: [] as number[] };
  let figures = { baseline: {} as Record<string, unknown>, current: {} as Record<string, unknown> };
  for (let i = 0; i < repeats; i++) {
    // alternate the order so that neither build always runs second
    const order = i % 2 === 0 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const);
    for (const which of order) {
      const r = runOnce(which === 'baseline' ? baselineRoot : currentRoot, c);
      times[which].push(r.ms);
      figures = { ...figures, [which]: r.figures };
    }
  }
  const base = median(times.baseline);
  const now = median(times.current);
  const allowed = Math.max(spread(times.baseline), spread(times.current));
  const ratio = now / base;
  const identical = JSON.stringify(figures.baseline) === JSON.stringify(figures.current);
  for (const which of ['baseline', 'current'] as const) {
    const t = times[which];
    results.push({
      name: `${c.name}/${which}`,
      backend: 'wasm',
      samples: t.length,
      median: median(t),
      min: Math.min(...t),
      max: Math.max(...t),
      ...(which === 'current'
        ? {
            baseline: `${c.name}/baseline`,
            ratioToBaseline: ratio,
            extra: {
              spreadBaseline: spread(times.baseline),
              spreadCurrent: spread(times.current),
              slowdownBeyondSpread: ratio - 1 > allowed,
              figuresBaseline: figures.baseline,
              figuresCurrent: figures.current,
              identicalFigures: identical,
            },
          }
        : { extra: { root: resolve(baselineRoot) } }),
    });
  }
  process.stderr.write(
    `  ${c.name}: baseline ${(base / 1000).toFixed(2)} s, current ${(now / 1000).toFixed(2)} s, ratio ${ratio.toFixed(3)} (spread ≤ ${allowed.toFixed(3)}: ${ratio - 1 > allowed ? 'SLOWER beyond spread' : 'within'}); figures ${identical ? 'identical' : 'differ'}\n`,
  );
}
const report: BenchReport = { suite: 'builds', startedAt: new Date().toISOString(), node: process.version, platform: `${process.platform}-${process.arch}`, results };
writeFileAtomic(out, `${JSON.stringify(report, null, 2)}\n`);
process.stderr.write(`bench builds: wrote ${out}\n`);
