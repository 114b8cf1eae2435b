import { beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { FIXTURE_OPTIMA, fixture } from '../test/fixtures.js';
import { cutValue } from './cut/cut-value.js';
import { parseRudy } from './graph/read-rudy.js';
import { solveMaxcut } from './solve-maxcut.js';

describe('solveMaxcut', () => {
  beforeAll(async () => {
    await startTestEngine(wasmBackend);
  });

  it('reports every figure of the pipeline, consistently ordered, for the derandomized rounding', () => {
    const g = fixture('g05_60.0');
    const stages = new Set<string>();
    const { result, sides, roundedSides } = solveMaxcut(g, { seed: 3, polish: 'one-flip', backend: 'wasm', onProgress: (p) => stages.add(p.stage) });
    for (const key of ['n', 'm', 'sdpValue', 'upperBound', 'gwExpected', 'gwBest', 'roundedCut', 'normV', 'polishedCut', 'seconds'] as const) {
      expect(result[key], key).not.toBeNull();
    }
    expect(result.upperBoundVerified).toBe(true);
    expect(result.upperBound).toBeGreaterThanOrEqual(FIXTURE_OPTIMA['g05_60.0']);
    expect(result.sdpValue).toBeLessThanOrEqual(result.upperBound);
    expect(result.roundedCut).toBe(cutValue(g, roundedSides));
    expect(result.polishedCut).toBe(cutValue(g, sides));
    expect(result.polishedCut!).toBeGreaterThanOrEqual(result.roundedCut!);
    expect(result.roundedCut!).toBeGreaterThan(result.gwExpected);
    expect(result.collapsed).toBe(true);
    expect(result.certifiedRatio).toBeCloseTo(result.cut / result.upperBound, 12);
    expect([...stages]).toEqual(expect.arrayContaining(['bound', 'gw', 'rounding', 'polish', 'gw-polish', 'done']));
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('names every stage apart: sign(μ), the conditional-expectation step, each polish, and the GW cut polished the same way', async () => {
    const g = fixture('g05_60.0');
    const { result } = solveMaxcut(g, { seed: 3, polish: 'one-flip' });
    const applied = solveMaxcut(g, { seed: 3, polish: 'one-flip', rounding: { id: 'derandomized', options: { applyConditionalStep: true } } }).result;
    expect(result.signCut).toBe(applied.signCut);
    expect(result.roundedCut).toBe(result.signCut);
    expect(result.conditionalApplied).toBe(false);
    expect(applied.roundedCut).toBe(applied.conditionalCut);
    expect(applied.conditionalApplied).toBe(true);
    expect(result.redecided).toBeGreaterThanOrEqual(0);
    expect(result.gradNorm).toBeGreaterThan(0);
    // the GW best-of-N sides, polished by the same one-flip search from an independent call
    const { bestOfHyperplanes } = await import('./rounding/hyperplane.js');
    const { oneFlip } = await import('./local/one-flip.js');
    const { solveSdp } = await import('./sdp/mixing-method.js');
    const { foldIn, keyFromSeed } = await import('@derand/core');
    const sdp = solveSdp(g, { key: foldIn(keyFromSeed(3), 'sdp') });
    const gw = bestOfHyperplanes(g, sdp, 100, foldIn(keyFromSeed(3), 'hyperplanes'));
    expect(gw.best).toBe(result.gwBest);
    expect(result.gwBestPolished).toBe(cutValue(g, oneFlip(g, gw.sides).sides));
    expect(result.gwBestPolished!).toBeGreaterThanOrEqual(result.gwBest);
    const { maxcutStages } = await import('./stages.js');
    const stages = maxcutStages(result);
    expect(stages.map((s) => s.id)).toEqual(['sdp', 'bound', 'compression', 'gw-expected', 'gw-best', 'sign', 'conditional', 'polish', 'gw-polish']);
    expect(stages.find((s) => s.id === 'sign')!.value).toBe(result.signCut);
    expect(stages.find((s) => s.id === 'gw-polish')!.value).toBe(result.gwBestPolished);
    const none = solveMaxcut(g, { seed: 3, polish: 'none' }).result;
    expect(none.gwBestPolished).toBeNull();
    expect(maxcutStages(none).map((s) => s.id)).not.toContain('gw-polish');
  });

  it('is reproducible for a seed and runs the other roundings', () => {
    const g = fixture('paper-g15');
    const a = solveMaxcut(g, { seed: 9 }).result;
    const b = solveMaxcut(g, { seed: 9 }).result;
    expect({ ...a, seconds: 0, timings: null }).toEqual({ ...b, seconds: 0, timings: null });
    const hyperplane = solveMaxcut(g, { seed: 9, rounding: 'hyperplane', polish: 'none' }).result;
    expect(hyperplane.roundedCut).toBeGreaterThanOrEqual(Math.floor(hyperplane.gwExpected));
    expect([hyperplane.normV, hyperplane.collapsed, hyperplane.polishedCut]).toEqual([null, null, null]);
    const score = solveMaxcut(g, { seed: 9, rounding: { id: 'score-function', options: { steps: 200 } }, polish: { id: 'breakout', options: { seconds: 1 } }, bestKnown: 41 }).result;
    expect(score.polishedCut).toBe(41);
    expect(score.history.every((h) => h.maxSigma !== undefined)).toBe(true);
  });

  it("reports the rounding objective's implementation: auto picks the host pass on wasm; the option forces either", () => {
    const g = fixture('paper-g15');
    const auto = solveMaxcut(g, { seed: 4, polish: 'none' }).result;
    const tensor = solveMaxcut(g, { seed: 4, polish: 'none', rounding: { id: 'derandomized', options: { implementation: 'tensor' } } }).result;
    expect(auto.roundingDetails['implementation']).toBe('host');
    expect(tensor.roundingDetails['implementation']).toBe('tensor');
    expect(tensor.roundedCut).toBe(auto.roundedCut);
    expect(() => solveMaxcut(g, { seed: 4, rounding: { id: 'derandomized', options: { implementation: 'gpu' } } })).toThrow(/implementation/);
  });

  it('verifies the bound sparsely above verifyLimit and reports the factor, unverified above sparseVerifyLimit', () => {
    const g = fixture('paper-g15');
    const dense = solveMaxcut(g, { seed: 2, polish: 'none' }).result;
    const sparse = solveMaxcut(g, { seed: 2, polish: 'none', verifyLimit: 1 }).result;
    expect(sparse.upperBoundMethod).toBe('lanczos+sparse-cholesky');
    expect(sparse.upperBoundVerified).toBe(true);
    expect(sparse.upperBound).toBeGreaterThanOrEqual(41);
    expect(Math.abs(sparse.upperBound - dense.upperBound) / dense.upperBound).toBeLessThan(1e-6);
    expect(sparse.upperBoundVerification?.factorNonzeros).toBeGreaterThan(15);
    expect(sparse.timings.boundOrdering).toBeGreaterThanOrEqual(0);
    expect(dense.timings.boundOrdering).toBeUndefined();
    const above = solveMaxcut(g, { seed: 2, polish: 'none', verifyLimit: 1, sparseVerifyLimit: 1 }).result;
    expect([above.upperBoundMethod, above.upperBoundVerified]).toEqual(['lanczos', false]);
    expect(above.upperBoundVerification?.unverifiedBecause).toMatch(/above sparseVerifyLimit = 1/);
  });

  it('refuses a graph without edges', () => {
    expect(() => solveMaxcut(parseRudy('3 0\n', { name: 'empty.txt' }))).toThrow(/empty\.txt has no edges/);
  });
});
