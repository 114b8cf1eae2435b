import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MaxcutResult } from '@derand/maxcut';
import type { Experiment, ExperimentContext, ExperimentOutput } from '../experiment.js';

const DATA_MISSING = (context: ExperimentContext, file: string): ExperimentOutput => ({
  summary: `Skipped: ${file} was not found (set DERAND_DATA_DIR to the folder holding gset/ and maxcut-small/; default ../shared/data).`,
  config: { file },
  metrics: { skipped: true },
  ...(context.dataDir === undefined ? {} : {}),
});

function dataFile(context: ExperimentContext, relative: string): string | undefined {
  if (context.dataDir === undefined) return undefined;
  const path = join(context.dataDir, relative);
  return existsSync(path) ? path : undefined;
}

async function pipeline(context: ExperimentContext, path: string, options: { bestKnown?: number; polish: 'one-flip' | 'breakout' | 'none'; rounding?: 'derandomized' | 'score-function'; steps?: number }): Promise<MaxcutResult> {
  const { readGraphFile } = await import('@derand/maxcut/node');
  const { solveMaxcut } = await import('@derand/maxcut');
  const graph = readGraphFile(path);
  let progress: ReturnType<ExperimentContext['io']['progress']> | undefined;
  const rounding = options.rounding ?? 'derandomized';
  const { result } = solveMaxcut(graph, {
    seed: context.seed,
    backend: context.backend,
    rounding,
    polish: options.polish,
    polishSeconds: 10,
    ...(options.bestKnown === undefined ? {} : { bestKnown: options.bestKnown }),
    ...(options.steps === undefined ? {} : { scoreFunction: { steps: options.steps } }),
    onProgress: (p) => {
      if (p.stage === 'rounding') {
        progress ??= context.io.progress(`  ${graph.name} ${rounding}`, p.total);
        progress.update(p.step);
      }
    },
  });
  progress?.done();
  return result;
}

const references = (result: MaxcutResult, optimum?: { label: string; value: number }) => [
  ...(optimum === undefined ? [] : [{ label: optimum.label, value: optimum.value, color: '#d62728' }]),
  { label: `E[GW] ${result.gwExpected.toFixed(1)}`, value: result.gwExpected, color: '#888' },
  { label: `best of ${result.hyperplanes} hyperplanes ${result.gwBest}`, value: result.gwBest, color: '#1f77b4' },
];

const resultRow = (label: string, r: MaxcutResult): (string | number | boolean | null)[] => [
  label,
  r.sdpValue,
  r.upperBound,
  r.gwExpected,
  r.gwBest,
  r.derandomizedCut ?? r.roundedCut,
  r.polishedCut,
  r.normV,
  r.certifiedRatio,
];
const RESULT_COLUMNS = ['graph', 'SDP', 'certified bound', 'E[GW]', 'best of 100 GW', 'derandomized (raw)', 'polished', '‖V‖_F end', 'cut / bound'];

const metricsOf = (r: MaxcutResult): Record<string, number | string | boolean | null> => ({
  n: r.n,
  m: r.m,
  sdpValue: r.sdpValue,
  upperBound: r.upperBound,
  upperBoundVerified: r.upperBoundVerified,
  gwExpected: r.gwExpected,
  gwBest: r.gwBest,
  derandomizedCut: r.derandomizedCut,
  polishedCut: r.polishedCut,
  normV: r.normV,
  normV0: r.normV0,
  collapsed: r.collapsed,
  steps: r.steps,
});

export const maxcutExperiments: Experiment[] = [
  {
    id: 'maxcut-g15',
    section: 'MAXCUT',
    title: "Figs. 4–5: the paper's 15-vertex G(15, 0.6) graph (OPT 41)",
    expectedSeconds: [2, 4],
    run: async (context) => {
      const path = dataFile(context, 'maxcut-small/paper-g15.txt');
      if (path === undefined) return DATA_MISSING(context, 'maxcut-small/paper-g15.txt');
      const { readGraphFile } = await import('@derand/maxcut/node');
      const { maxcutByEnumeration } = await import('@derand/maxcut');
      const { maxcutFigure } = await import('@derand/plots/figures/maxcut');
      const exact = maxcutByEnumeration(readGraphFile(path));
      const ours = await pipeline(context, path, { polish: 'none' });
      const steps = context.quick ? 1000 : 5000;
      const theirs = await pipeline(context, path, { polish: 'none', rounding: 'score-function', steps });
      return {
        summary:
          `Exact optimum ${exact.cut} by Gray-code enumeration of all 2¹⁴ cuts. The paper's rounding (V from the SDP, means μ, probit-smoothed exact expectation, λ‖V‖²) collapses V and its deterministic sign(μ) cut is ${ours.derandomizedCut}; ` +
          `the authors' code variant (score-function gradients over a Gaussian hyperplane normal, ${steps} steps) ends at ${theirs.roundedCut}.`,
        config: { graph: 'paper-g15', scoreFunctionSteps: steps },
        metrics: { optimum: exact.cut, ...metricsOf(ours), scoreFunctionCut: theirs.roundedCut },
        timings: { seconds: ours.seconds, scoreFunctionSeconds: theirs.seconds },
        tables: [{ title: 'paper-g15', columns: RESULT_COLUMNS, rows: [resultRow('paper-g15', ours)] }],
        comparisons: [
          { quantity: 'deterministic cut', ours: ours.derandomizedCut ?? 'n/a', reference: 41, source: 'paper (OPT = 41)' },
          { quantity: 'classic GW randomized baseline', ours: ours.gwExpected, reference: '≈ 36', source: 'paper note' },
        ],
        figures: [
          {
            title: 'Cut value over iterations (left) and ‖V‖_F / max σ (right): derandomized rounding and the score-function variant',
            spec: maxcutFigure({
              graph: 'paper-g15',
              runs: [
                { label: 'derandomized', history: ours.history },
                { label: 'score-function', history: theirs.history },
              ],
              references: references(ours, { label: `OPT = ${exact.cut}`, value: exact.cut }),
            }),
          },
        ],
      };
    },
  },
  {
    id: 'maxcut-biqmac',
    section: 'MAXCUT',
    title: 'A Biq Mac instance with a proven optimum (g05_60.0, n = 60)',
    expectedSeconds: [1, 1],
    run: async (context) => {
      const relative = 'maxcut-small/biqmac-rudy/g05_60.0.txt';
      const path = dataFile(context, relative);
      if (path === undefined || context.dataDir === undefined) return DATA_MISSING(context, relative);
      const csv = readFileSync(join(context.dataDir, 'maxcut-small/optimal-values.csv'), 'utf8');
      const optimum = Number(csv.split('\n').find((l) => l.startsWith('g05_60.0,'))?.split(',')[4]);
      const { maxcutFigure } = await import('@derand/plots/figures/maxcut');
      const r = await pipeline(context, path, { polish: 'one-flip' });
      return {
        summary: `The derandomized cut reaches ${((100 * (r.derandomizedCut ?? 0)) / optimum).toFixed(2)} % of the proven optimum ${optimum} without local search, above the exact expected GW cut of the same SDP vectors.`,
        config: { instance: 'g05_60.0', optimum },
        metrics: { optimum, ...metricsOf(r) },
        timings: { seconds: r.seconds },
        tables: [{ title: 'g05_60.0', columns: RESULT_COLUMNS, rows: [resultRow('g05_60.0', r)] }],
        comparisons: [{ quantity: 'derandomized cut / proven optimum', ours: (r.derandomizedCut ?? 0) / optimum, reference: 1, source: 'Biq Mac library' }],
        figures: [{ title: 'g05_60.0: cut of sign(μ) and ‖V‖_F over iterations', spec: maxcutFigure({ graph: 'g05_60.0', runs: [{ label: 'derandomized', history: r.history }], references: references(r, { label: `OPT = ${optimum}`, value: optimum }) }) }],
      };
    },
  },
  {
    id: 'maxcut-g1',
    section: 'MAXCUT',
    title: 'Gset G1 (n = 800, m = 19 176): certified, deterministic, at scale',
    expectedSeconds: [8, 20],
    run: async (context) => {
      const path = dataFile(context, 'gset/G1.txt');
      if (path === undefined) return DATA_MISSING(context, 'gset/G1.txt');
      const bestKnown = 11624;
      const { maxcutFigure } = await import('@derand/plots/figures/maxcut');
      const r = await pipeline(context, path, { polish: context.quick ? 'one-flip' : 'breakout', bestKnown });
      return {
        summary:
          `Mixing-method SDP (rank ⌈√(2n)⌉) with a dual certificate: every cut is at most ${r.upperBound.toFixed(1)}. The derandomized cut ${r.derandomizedCut} beats the exact expected GW cut ` +
          `${r.gwExpected.toFixed(1)} and the best of ${r.hyperplanes} hyperplanes ${r.gwBest}; ${context.quick ? '1-flip' : 'breakout local search'} polish is reported apart.`,
        config: { graph: 'G1', bestKnown, polish: context.quick ? 'one-flip' : 'breakout' },
        metrics: { bestKnown, ...metricsOf(r) },
        timings: { seconds: r.seconds, ...Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [`${k}Seconds`, v])) },
        tables: [{ title: 'G1', columns: RESULT_COLUMNS, rows: [resultRow('G1', r)] }],
        comparisons: [
          { quantity: 'SDP value', ours: r.sdpValue, reference: 12083.2, source: 'numpy Burer–Monteiro (anchors)' },
          { quantity: 'derandomized cut (no polish)', ours: r.derandomizedCut ?? 'n/a', reference: '11600 [11591–11607]', source: 'numpy prototype' },
          { quantity: 'cut after the paper code on G1 (500 steps)', ours: r.derandomizedCut ?? 'n/a', reference: '≈ 9570 (a random cut)', source: 'anchors' },
          { quantity: 'best known', ours: r.polishedCut ?? r.cut, reference: bestKnown, source: 'Gset literature' },
        ],
        figures: [{ title: 'G1: cut of sign(μ) and ‖V‖_F over iterations', spec: maxcutFigure({ graph: 'G1', runs: [{ label: 'derandomized', history: r.history }], references: references(r, { label: `best known ${bestKnown}`, value: bestKnown }) }) }],
      };
    },
  },
];
