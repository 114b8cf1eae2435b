import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MaxcutResult } from '@derand/maxcut';
import { check, claimsSentence } from '../src/reproduce/claim.js';
import { maxcutExperiments } from '../src/reproduce/experiments/maxcut.js';
import { structureClaims } from '../src/reproduce/experiments/structure.js';
import type { Experiment, ExperimentContext } from '../src/reproduce/experiment.js';
import { reportHtml } from '../src/reproduce/report-html.js';
import { runExperiment } from '../src/reproduce/run-experiment.js';
import { createCliRegistry } from '../src/registry.js';
import { BUNDLED_DATA_DIR, findDataFile } from '../src/reproduce/data-files.js';

const silentIo = { log: () => undefined, warn: () => undefined, progress: () => ({ update: () => undefined, done: () => undefined }) } as unknown as ExperimentContext['io'];

/** A g05_60.0 result in which V did not collapse and sign(μ) fell below E[GW]: every such claim must read as not held. */
const failing: MaxcutResult = {
  format: 'derand.maxcut.result',
  version: 3,
  graph: 'g05_60.0.txt',
  n: 60,
  m: 885,
  totalWeight: 885,
  seed: 0,
  backend: 'wasm',
  rounding: 'derandomized',
  polish: 'one-flip',
  sdpValue: 550.05,
  sdpRank: 11,
  sdpSweeps: 90,
  upperBound: 550.06,
  upperBoundVerified: true,
  upperBoundMethod: 'lanczos+cholesky',
  gwExpected: 522.63,
  gwBest: 534,
  gwMean: 520.1,
  hyperplanes: 100,
  roundedCut: 515,
  signCut: 470,
  conditionalCut: 515,
  redecided: 21,
  conditionalApplied: false,
  gradNorm: 0.02,
  roundingDetails: {},
  normV: 4.2,
  normV0: 7.746,
  collapsed: false,
  steps: 3000,
  roundingRank: 11,
  droppedEnergy: 0,
  polishedCut: 530,
  polishDetails: {},
  gwBestPolished: 536,
  cut: 530,
  certifiedRatio: 530 / 550.06,
  bestKnown: null,
  certificate: null,
  history: [{ step: 0, cut: 400, normV: 7.7 }, { step: 10, cut: 470, normV: 4.2 }],
  seconds: 1,
  timings: { sdp: 0.1, bound: 0.1, gw: 0.1, rounding: 0.5, polish: 0.1, gwPolish: 0.1 },
};

describe('report claims are checks', () => {
  it('check() compares the measured value with the reference; a missing or non-finite value never holds', () => {
    const base = { claim: 'c', measuredBy: 'm', source: 's' };
    expect(check({ ...base, measured: 2, relation: '>=', reference: 2 }).holds).toBe(true);
    expect(check({ ...base, measured: 1.999, relation: '>=', reference: 2 }).holds).toBe(false);
    expect(check({ ...base, measured: 2, relation: '<', reference: 2 }).holds).toBe(false);
    expect(check({ ...base, measured: 11600, relation: 'in', reference: 11591, upper: 11607 }).holds).toBe(true);
    expect(check({ ...base, measured: 11590, relation: 'in', reference: 11591, upper: 11607 }).holds).toBe(false);
    expect(check({ ...base, measured: null, relation: '<=', reference: 1 }).holds).toBe(false);
    expect(check({ ...base, measured: NaN, relation: '<=', reference: 1 }).holds).toBe(false);
    expect(check({ ...base, measured: 1, relation: '<=', reference: NaN }).holds).toBe(false);
  });

  it('a MAXCUT result that fails its claims renders as not held, with both numbers, and the summary states no outcome', async () => {
    const experiment = maxcutExperiments.find((e) => e.id === 'maxcut-biqmac')!;
    const context: ExperimentContext = { io: silentIo, registry: createCliRegistry(), seed: 0, backend: 'wasm', quick: true, dataDir: undefined };
    const output = await experiment.summarize({ 'g05_60.0': failing }, context);
    const byClaim = Object.fromEntries(output.claims!.map((c) => [c.claim, c]));
    const collapsed = byClaim['V collapsed: ‖V‖_F ≤ 1e-3·‖V₀‖_F']!;
    expect(collapsed.holds).toBe(false);
    expect(collapsed.measured).toBe(4.2);
    expect(collapsed.reference).toBeCloseTo(7.746e-3, 12);
    const aboveGw = byClaim['sign(μ) cut ≥ E[GW] of the same SDP vectors']!;
    expect(aboveGw.holds).toBe(false);
    expect(aboveGw.measured).toBe(470);
    expect(byClaim['polished cut ≥ polished GW best-of-N cut']!.holds).toBe(false);
    for (const word of ['collapses', 'beats', 'above', 'vanishes', 'reaches']) expect(output.summary).not.toContain(word);

    const html = reportHtml({ title: 't', meta: {}, experiments: [{ experiment, output: { ...output, config: {} }, seconds: 1, svgs: [] }] });
    const row = html.split('<tr').slice(1).find((r) => r.includes('sign(μ) cut ≥ E[GW] of the same SDP vectors'))!;
    expect(row).toContain('data-claim-holds="false"');
    expect(row).toContain('✗ not held');
    expect(row).toContain('<td>470</td>');
    expect(row).toContain('≥ 522.6');
    expect(html).toMatch(/\d+ of \d+ checked claims held in this run; not held: V collapsed/);
    // the stage table separates the paper's rounding from what later steps added
    const stages = output.tables!.find((t) => t.title.includes('every stage'))!;
    expect(stages.rows.map((r) => r[1])).toEqual(expect.arrayContaining([470, 515, 530, 536]));
  });

  it('structure claims: the paper code’s figure and the certificate halves are checked, not asserted', () => {
    const claims = structureClaims(
      { reference: { orthFraction: 0.095, source: 'paper code' } },
      { start: { orthFraction: 0.9 }, orthFraction: 0.2, testLoss: 0.1, certificate: { gradNorm: 1e-2, rho: 1e-3, lambdaMin: -1, curvatureThreshold: -0.01, K: 0.1, samples: 'quadrature' } } as never,
    );
    expect(claims.map((c) => c.holds)).toEqual([false, false, false, false]);
    expect(claimsSentence(claims)).toContain('0 of 4 checked claims held');
  });
});

describe('data of the main job', () => {
  it('the MAXCUT instances reproduce reads ship with the CLI, checked by SHA-256, and are used when the data folder lacks them', () => {
    for (const experiment of maxcutExperiments) {
      for (const file of experiment.data ?? []) {
        const found = findDataFile(undefined, file);
        expect(found?.from, file).toBe('bundled');
        expect(found!.path.startsWith(BUNDLED_DATA_DIR)).toBe(true);
      }
    }
    const empty = mkdtempSync(join(tmpdir(), 'derand-no-data-'));
    expect(findDataFile(empty, 'gset/G1.txt')?.from).toBe('bundled');
  });

  it('an experiment whose data is found nowhere fails the run, naming the file, unless skipping was asked for, and then it is counted as skipped', async () => {
    const experiment: Experiment = {
      id: 'needs-g99',
      section: 'MAXCUT',
      title: 'needs a file nobody has',
      expectedSeconds: [1, 1],
      data: ['gset/G99.txt'],
      runs: () => ({}),
      summarize: () => Promise.reject(new Error('must not run')),
    };
    const context: ExperimentContext = { io: silentIo, registry: createCliRegistry(), seed: 0, backend: 'wasm', quick: true, dataDir: mkdtempSync(join(tmpdir(), 'derand-no-data-')) };
    await expect(runExperiment(experiment, context)).rejects.toThrow(/needs gset\/G99\.txt.*--skip-missing/);
    const skipped = await runExperiment(experiment, { ...context, skipMissing: true });
    expect(skipped.skipped).toEqual({ reason: 'gset/G99.txt not found', missing: ['gset/G99.txt'] });
  });
});
