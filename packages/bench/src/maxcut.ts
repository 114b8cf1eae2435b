/**
 * MAXCUT benchmarks on the real instances: every Gset graph (G1–G42), all Biq Mac rudy
 * instances with proven optima, exact solutions of g05_60.*, a 20 000-vertex scale case and
 * the breakout polish on G1–G10. Writes ../../bench-results/maxcut.json.
 *
 *   node dist/bench.js [--filter TEXT] [--out FILE] [--seeds N] [--svg DIR]
 *
 * Case names: `scale/…`, `gset/G1/seed0`, `biqmac/g05_60.0`, `exact/g05_60.0`, `breakout/G1`.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyFromSeed, startEngineFromEnvironment } from '@derand/core';
import { benchArgs, runBenchmarks, type BenchCase } from '@derand/core/bench';
import { dataDir, DATA_DIR_MISSING, writeFileAtomic } from '@derand/core/node';
import { wasmBackend } from '@derand/backend-wasm';
import { breakoutLocalSearch } from './local/breakout-local-search.js';
import { branchAndBound } from './exact/branch-and-bound.js';
import { cutValue } from './cut/cut-value.js';
import { randomGraph } from './graph/generate.js';
import { sidesFromSet } from './graph/partition.js';
import { readGraphFile } from './node/files.js';
import { solveMaxcut, type MaxcutResult } from './solve-maxcut.js';

const argv = process.argv.slice(2);
const { out, filter } = benchArgs(argv, fileURLToPath(new URL('../../../bench-results/maxcut.json', import.meta.url)));
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const seeds = Number(flag('--seeds') ?? 5);
const svgDir = flag('--svg');
const data = dataDir();
if (data === undefined) {
  process.stderr.write(`maxcut bench: ${DATA_DIR_MISSING}\n`);
  process.exit(1);
}

const csv = (path: string): string[][] =>
  readFileSync(path, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));

const bestKnown = new Map(csv(join(data, 'gset', 'best-known.csv')).map(([graph, , , best]) => [graph!, Number(best)]));
const optima = csv(join(data, 'maxcut-small', 'optimal-values.csv')).map(([instance, file, , , optimum]) => ({
  instance: instance!,
  file: join(data, 'maxcut-small', file!),
  optimum: Number(optimum),
}));
const partitions = new Map(
  csv(join(data, 'maxcut-small', 'g05_60-optimal-partitions.csv')).map(([instance, optimum, members]) => [
    instance!,
    { optimum: Number(optimum), members: members!.trim().split(/\s+/).map(Number) },
  ]),
);

/** Peak resident memory of this process so far, MiB. */
const peakMiB = (): number => process.resourceUsage().maxRSS / 1024;

/** Figures of one pipeline run, as stored in the report. */
function summary(result: MaxcutResult, cpuSeconds: number, reference?: { label: string; value: number }): Record<string, unknown> {
  return {
    n: result.n,
    m: result.m,
    sdpValue: result.sdpValue,
    upperBound: result.upperBound,
    upperBoundVerified: result.upperBoundVerified,
    gwExpected: result.gwExpected,
    gwBest: result.gwBest,
    derandomizedCut: result.derandomizedCut,
    polishedCut: result.polishedCut,
    normV: result.normV,
    normV0: result.normV0,
    collapsed: result.collapsed,
    steps: result.steps,
    roundingRank: result.roundingRank,
    marginOverExpectedGw: (result.derandomizedCut ?? NaN) - result.gwExpected,
    marginOverBestGw: (result.derandomizedCut ?? NaN) - result.gwBest,
    ratioToUpperBound: (result.derandomizedCut ?? NaN) / result.upperBound,
    ...(reference === undefined
      ? {}
      : {
          [reference.label]: reference.value,
          ratio: (result.derandomizedCut ?? NaN) / reference.value,
          polishedRatio: (result.polishedCut ?? NaN) / reference.value,
        }),
    seconds: result.seconds,
    cpuSeconds,
    timings: result.timings,
  };
}

/** A case that runs the pipeline once (no warm-up: each run is seconds long and deterministic). */
function pipelineCase(name: string, path: string, seed: number, reference?: { label: string; value: number }, svg?: string): BenchCase {
  let figures: Record<string, unknown> = {};
  return {
    name,
    backend: 'wasm',
    warmup: 0,
    samples: 1,
    run: async () => {
      const graph = readGraphFile(path);
      const cpu = process.cpuUsage();
      const { result } = solveMaxcut(graph, { seed, polish: 'one-flip', backend: 'wasm' });
      const used = process.cpuUsage(cpu);
      figures = summary(result, (used.user + used.system) / 1e6, reference);
      if (svg !== undefined) {
        const [{ maxcutFigure }, { renderSvg }] = await Promise.all([import('@derand/plots/figures/maxcut'), import('@derand/plots')]);
        const references = [
          ...(reference === undefined ? [] : [{ label: `${reference.label === 'bestKnown' ? 'best known' : reference.label} ${reference.value}`, value: reference.value }]),
          { label: `E[GW] ${result.gwExpected.toFixed(1)}`, value: result.gwExpected, color: '#888' },
          { label: `best of 100 hyperplanes ${result.gwBest}`, value: result.gwBest, color: '#1f77b4' },
        ];
        writeFileAtomic(svg, await renderSvg(maxcutFigure({ graph: graph.name, runs: [{ label: 'derandomized', history: result.history }], references })));
      }
    },
    extra: () => figures,
  };
}

const cases: BenchCase[] = [];

// Scale first, so that the process peak memory is this case's.
{
  let figures: Record<string, unknown> = {};
  cases.push({
    name: 'scale/random-n20000-m40000',
    backend: 'wasm',
    warmup: 0,
    samples: 1,
    run: () => {
      const graph = randomGraph({ n: 20_000, m: 40_000, key: keyFromSeed(2026) });
      const { result } = solveMaxcut(graph, { seed: 0, polish: 'one-flip', backend: 'wasm' });
      figures = { ...summary(result, NaN), peakRssMiB: peakMiB() };
    },
    extra: () => figures,
  });
}

for (let k = 1; k <= 42; k++) {
  const graph = `G${k}`;
  const path = join(data, 'gset', `${graph}.txt`);
  if (!existsSync(path)) continue;
  const reference = bestKnown.has(graph) ? { label: 'bestKnown', value: bestKnown.get(graph)! } : undefined;
  const seedCount = graph === 'G1' || graph === 'G22' ? seeds : 1;
  for (let seed = 0; seed < seedCount; seed++) {
    const svg = svgDir !== undefined && seed === 0 && (graph === 'G1' || graph === 'G22') ? resolve(svgDir, `maxcut-${graph}.svg`) : undefined;
    cases.push(pipelineCase(`gset/${graph}/seed${seed}`, path, seed, reference, svg));
  }
}

for (const { instance, file, optimum } of optima) {
  const svg = svgDir !== undefined && instance === 'paper-g15' ? resolve(svgDir, 'maxcut-paper-g15.svg') : undefined;
  cases.push(pipelineCase(`biqmac/${instance}`, file, 0, { label: 'optimum', value: optimum }, svg));
}

for (const { instance, file, optimum } of optima.filter((o) => o.instance.startsWith('g05_60.'))) {
  let figures: Record<string, unknown> = {};
  cases.push({
    name: `exact/${instance}`,
    backend: 'wasm',
    warmup: 0,
    samples: 1,
    run: () => {
      const graph = readGraphFile(file);
      const given = partitions.get(instance);
      const givenCut = given === undefined ? NaN : cutValue(graph, sidesFromSet(graph.n, given.members));
      // incumbent: a short breakout search from the all-(+1) cut (independent of the given partitions)
      const start = breakoutLocalSearch(graph, new Int8Array(graph.n).fill(1), { key: keyFromSeed(3), maxSeconds: 2 });
      const exact = branchAndBound(graph, { incumbent: start.sides, maxSeconds: 600 });
      figures = { optimum, givenPartitionCut: givenCut, cut: exact.cut, proven: exact.proven, nodes: exact.nodes, rootBound: exact.rootBound, seconds: exact.seconds };
    },
    extra: () => figures,
  });
}

for (let k = 1; k <= 10; k++) {
  const graph = `G${k}`;
  const path = join(data, 'gset', `${graph}.txt`);
  if (!existsSync(path)) continue;
  let figures: Record<string, unknown> = {};
  cases.push({
    name: `breakout/${graph}`,
    backend: 'wasm',
    warmup: 0,
    samples: 1,
    run: () => {
      const g = readGraphFile(path);
      const target = bestKnown.get(graph);
      const { result, roundedSides } = solveMaxcut(g, { seed: 0, polish: 'none', backend: 'wasm' });
      const polished = breakoutLocalSearch(g, roundedSides, { key: keyFromSeed(7), maxSeconds: 60, ...(target === undefined ? {} : { target }) });
      figures = {
        derandomizedCut: result.derandomizedCut,
        breakoutCut: polished.cut,
        bestKnown: target,
        gapToBestKnown: target === undefined ? null : target - polished.cut,
        secondsToBest: polished.secondsToBest,
        breakoutSeconds: polished.seconds,
        pipelineSeconds: result.seconds,
      };
    },
    extra: () => figures,
  });
}

await startEngineFromEnvironment('DERAND_BENCH_BACKEND', wasmBackend);
const report = await runBenchmarks('maxcut', cases, { out, ...(filter === undefined ? {} : { filter }) });

// A compact table of the headline figures on stderr.
const rows = report.results.map((r) => {
  const e = (r.extra ?? {}) as Record<string, number | null | boolean>;
  return `${r.name.padEnd(28)} ${JSON.stringify(e)}`;
});
process.stderr.write(`${rows.join('\n')}\nwrote ${out}\n`);
