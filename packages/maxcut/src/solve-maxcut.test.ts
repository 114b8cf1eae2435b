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
    expect([...stages]).toEqual(expect.arrayContaining(['bound', 'gw', 'rounding', 'polish', 'done']));
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
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

  it('refuses a graph without edges', () => {
    expect(() => solveMaxcut(parseRudy('3 0\n', { name: 'empty.txt' }))).toThrow(/empty\.txt has no edges/);
  });
});
