/**
 * The MAXCUT ablation: what each stage after the paper's rounding adds. For Gset G1–G10 and
 * every Biq Mac instance in the data folder, one run of the `maxcut` solver (default derandomized
 * rounding, 1-flip polish, seed 0) gives, from the same SDP vectors:
 *   - sign(μ) at the end of training (the paper's rounding), whether V collapsed and the steps;
 *   - the cut after the conditional-expectation step and how many vertices it re-decided;
 *   - the 1-flip polish of that cut;
 *   - E[GW] and the best of 100 hyperplanes, without and with the same 1-flip polish.
 * Writes <repo>/bench-results/maxcut-ablation.json (every instance and the summary) and prints the
 * summary table as markdown on stderr.
 *
 *   node packages/bench/dist/ablation.js [--filter TEXT] [--out FILE]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startEngineFromEnvironment } from '@derand/core';
import { DATA_DIR_MISSING, dataDir } from '@derand/core/node';
import { wasmBackend } from '@derand/backend-wasm';
import type { MaxcutSolverResult } from '@derand/maxcut';
import { benchArgs, csvRows, resultsFile } from './harness/index.js';
import { solve } from './solver.js';

const argv = process.argv.slice(2);
const { out, filter } = benchArgs(argv, resultsFile('maxcut-ablation.json'));
const data = dataDir();
if (data === undefined) {
  process.stderr.write(`ablation: ${DATA_DIR_MISSING}\n`);
  process.exit(1);
}
const csv = csvRows;

const bestKnown = new Map(csv(join(data, 'gset', 'best-known.csv')).map(([graph, , , best]) => [graph!, Number(best)]));
const instances = [
  ...Array.from({ length: 10 }, (_, i) => ({ family: 'Gset G1–G10', name: `G${i + 1}`, file: join(data, 'gset', `G${i + 1}.txt`), reference: bestKnown.get(`G${i + 1}`)!, referenceKind: 'best known' })),
  ...csv(join(data, 'maxcut-small', 'optimal-values.csv')).map(([instance, file, , , optimum]) => ({
    family: instance === 'paper-g15' ? "the paper's G(15, 0.6)" : `Biq Mac ${instance!.replace(/\.\d+$/, '')}`,
    name: instance!,
    file: join(data, 'maxcut-small', file!),
    reference: Number(optimum),
    referenceKind: 'proven optimum',
  })),
].filter((i) => filter === undefined || i.name.includes(filter) || i.family.includes(filter));

const { backend } = await startEngineFromEnvironment('DERAND_BENCH_BACKEND', wasmBackend);

interface Row {
  readonly family: string;
  readonly name: string;
  readonly n: number;
  readonly m: number;
  readonly reference: number;
  readonly referenceKind: string;
  readonly gwExpected: number;
  readonly gwBest: number;
  readonly gwBestPolished: number;
  readonly signCut: number;
  readonly conditionalCut: number;
  readonly redecided: number;
  readonly polishedCut: number;
  readonly collapsed: boolean;
  readonly steps: number;
  readonly seconds: number;
}

const rows: Row[] = [];
for (const instance of instances) {
  const r = (await solve({ solver: 'maxcut', options: { graph: instance.file, polish: 'one-flip' } }, { seed: 0 })) as MaxcutSolverResult;
  const row: Row = {
    family: instance.family,
    name: instance.name,
    n: r.n,
    m: r.m,
    reference: instance.reference,
    referenceKind: instance.referenceKind,
    gwExpected: r.gwExpected,
    gwBest: r.gwBest,
    gwBestPolished: r.gwBestPolished!,
    signCut: r.signCut!,
    conditionalCut: r.conditionalCut!,
    redecided: r.redecided!,
    polishedCut: r.polishedCut!,
    collapsed: r.collapsed === true,
    steps: r.steps!,
    seconds: r.seconds,
  };
  rows.push(row);
  process.stderr.write(`${row.name}: sign ${row.signCut}, conditional ${row.conditionalCut} (${row.redecided} re-decided), polished ${row.polishedCut}; E[GW] ${row.gwExpected.toFixed(1)}, GW best ${row.gwBest} → ${row.gwBestPolished}; ${row.collapsed ? 'collapsed' : 'NOT collapsed'} in ${row.steps} steps\n`);
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const count = (list: readonly Row[], test: (r: Row) => boolean): number => list.filter(test).length;
function summarise(family: string, list: readonly Row[]) {
  return {
    family,
    instances: list.length,
    // every ratio is to the instance's reference (best known or proven optimum), averaged over instances
    meanRatio: {
      gwExpected: mean(list.map((r) => r.gwExpected / r.reference)),
      gwBest: mean(list.map((r) => r.gwBest / r.reference)),
      gwBestPolished: mean(list.map((r) => r.gwBestPolished / r.reference)),
      signCut: mean(list.map((r) => r.signCut / r.reference)),
      conditionalCut: mean(list.map((r) => r.conditionalCut / r.reference)),
      polishedCut: mean(list.map((r) => r.polishedCut / r.reference)),
    },
    signAtLeastGwExpected: count(list, (r) => r.signCut >= r.gwExpected),
    signAtLeastGwBest: count(list, (r) => r.signCut >= r.gwBest),
    conditionalAboveSign: count(list, (r) => r.conditionalCut > r.signCut),
    conditionalBelowSign: count(list, (r) => r.conditionalCut < r.signCut),
    polishedAtLeastGwBestPolished: count(list, (r) => r.polishedCut >= r.gwBestPolished),
    collapsedBeforeCap: count(list, (r) => r.collapsed),
    meanRedecided: mean(list.map((r) => r.redecided)),
    meanSteps: mean(list.map((r) => r.steps)),
  };
}
const families = [...new Set(rows.map((r) => r.family))];
const summary = [...families.map((f) => summarise(f, rows.filter((r) => r.family === f))), summarise('all', rows)];

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
const table = [
  '| instances | n | E[GW] | GW best of 100 | GW best + 1-flip | sign(μ) | + conditional step | + 1-flip | sign(μ) ≥ E[GW] | sign(μ) ≥ GW best | conditional > / < sign(μ) | 1-flip ours ≥ 1-flip GW | V collapsed before the cap | mean re-decided | mean steps |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...summary.map((s) => {
    const ns = [...new Set(rows.filter((r) => s.family === 'all' || r.family === s.family).map((r) => r.n))].join(', ');
    return `| ${s.family} (${s.instances}) | ${ns} | ${pct(s.meanRatio.gwExpected)} | ${pct(s.meanRatio.gwBest)} | ${pct(s.meanRatio.gwBestPolished)} | ${pct(s.meanRatio.signCut)} | ${pct(s.meanRatio.conditionalCut)} | ${pct(s.meanRatio.polishedCut)} | ${s.signAtLeastGwExpected}/${s.instances} | ${s.signAtLeastGwBest}/${s.instances} | ${s.conditionalAboveSign} / ${s.conditionalBelowSign} | ${s.polishedAtLeastGwBestPolished}/${s.instances} | ${s.collapsedBeforeCap}/${s.instances} | ${s.meanRedecided.toFixed(1)} | ${s.meanSteps.toFixed(0)} |`;
  }),
].join('\n');
process.stderr.write(`\nCut as a fraction of the best known (Gset) or proven optimum (Biq Mac), mean over instances; seed 0, ${backend}:\n\n${table}\n`);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ suite: 'maxcut-ablation', backend, seed: 0, polish: 'one-flip', measuredAt: new Date().toISOString(), node: process.version, summary, table, rows }, null, 2)}\n`,
);
process.stderr.write(`\nwrote ${out}\n`);
