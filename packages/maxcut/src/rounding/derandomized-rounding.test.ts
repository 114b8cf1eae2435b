import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adam, expectNoTensorLeak, keyFromSeed } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { FIXTURE_OPTIMA, fixture } from '../../test/fixtures.js';
import { solveSdp } from '../sdp/mixing-method.js';
import { cutValue, signSides } from '../cut/cut-value.js';
import { maxcutByEnumeration } from '../exact/gray-code.js';
import { bestOfHyperplanes, gwExpectedCut } from './hyperplane.js';
import { derandomizedRounding } from './derandomized-rounding.js';


describe('derandomizedRounding', () => {
  beforeAll(async () => {
    await startTestEngine(wasmBackend);
  });

  it("collapses V and finds the paper instance's optimum 41 (checked by enumeration)", () => {
    const g = fixture('paper-g15');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const r = derandomizedRounding(g, sdp, { key: keyFromSeed(0) });
    expect(r.collapsed).toBe(true);
    expect(r.normV).toBeLessThanOrEqual(1e-3 * r.normV0);
    expect(r.cut).toBe(cutValue(g, r.sides));
    expect(r.cut).toBe(maxcutByEnumeration(g).cut);
    expect(r.cut).toBe(FIXTURE_OPTIMA['paper-g15']);
    // history: the cut of sign(μ) and ‖V‖_F at the cadence, ending collapsed
    expect(r.history.length).toBeGreaterThan(5);
    expect(r.history[0]!.normV).toBeCloseTo(r.normV0, 4);
  });

  it('auto runs the host pass on wasm; the tensor path reaches the same cut (paper instance and g05_60.0)', () => {
    for (const name of ['paper-g15', 'g05_60.0'] as const) {
      const g = fixture(name);
      const sdp = solveSdp(g, { key: keyFromSeed(1) });
      const auto = derandomizedRounding(g, sdp, { key: keyFromSeed(0) });
      const tensor = derandomizedRounding(g, sdp, { key: keyFromSeed(0), implementation: 'tensor' });
      expect(auto.implementation, name).toBe('host');
      expect(tensor.implementation, name).toBe('tensor');
      expect(tensor.collapsed, name).toBe(true);
      expect(tensor.cut, name).toBe(auto.cut);
      expect(tensor.cut, name).toBe(cutValue(g, tensor.sides));
    }
  });

  it('on g05_60.0 beats the exact expected GW cut of the same vectors and collapses', () => {
    const g = fixture('g05_60.0');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const r = derandomizedRounding(g, sdp, { key: keyFromSeed(0) });
    expect(r.collapsed).toBe(true);
    expect(r.cut).toBeGreaterThan(gwExpectedCut(g, sdp));
    expect(r.cut).toBeGreaterThanOrEqual(bestOfHyperplanes(g, sdp, 100, keyFromSeed(2)).best);
    expect(r.cut).toBeLessThanOrEqual(FIXTURE_OPTIMA['g05_60.0']);
    expect(r.signCut).toBe(cutValue(g, signSides(r.mu)));
  });

  it('returns the paper’s sign(μ) cut, reports the conditional-expectation step apart, and applies it on request', () => {
    const g = fixture('g05_60.0');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const withStep = derandomizedRounding(g, sdp, { key: keyFromSeed(3), applyConditionalStep: true });
    const without = derandomizedRounding(g, sdp, { key: keyFromSeed(3) });
    // the same training either way: the step only acts after it
    expect(Array.from(without.mu)).toEqual(Array.from(withStep.mu));
    expect(withStep.signCut).toBe(cutValue(g, signSides(withStep.mu)));
    expect(without.signCut).toBe(withStep.signCut);
    expect(withStep.conditionalCut).toBe(cutValue(g, withStep.sides));
    expect(withStep.cut).toBe(withStep.conditionalCut);
    expect(withStep.conditionalApplied).toBe(true);
    expect(without.conditionalApplied).toBe(false);
    expect(without.conditionalCut).toBe(withStep.conditionalCut);
    expect(without.redecided).toBe(withStep.redecided);
    expect(Array.from(without.sides)).toEqual(Array.from(signSides(without.mu)));
    expect(without.cut).toBe(without.signCut);
    // vertices the step changed are among those it re-decided
    const changed = Array.from(withStep.sides).filter((side, i) => side !== signSides(withStep.mu)[i]).length;
    expect(changed).toBe(withStep.flippedFromSign);
    expect(changed).toBeLessThanOrEqual(withStep.redecided);
    expect(withStep.gradNorm).toBeGreaterThan(0);
  });

  it('stopped before V collapses, the conditional-expectation step re-decides every vertex and its cut is reported, not returned', () => {
    const g = fixture('g05_60.0');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const r = derandomizedRounding(g, sdp, { key: keyFromSeed(3), maxSteps: 20 });
    expect(r.collapsed).toBe(false);
    // with ‖v_i‖ large every |μ_i|/s_i is below the threshold
    expect(r.redecided).toBe(g.n);
    expect(r.cut).toBe(r.signCut);
    expect(r.conditionalCut).toBe(cutValue(g, r.conditionalSides));
    expect(Array.from(r.sides)).toEqual(Array.from(signSides(r.mu)));
  });

  it('run to collapse, its final point is a certified ρ-SOSP at ρ = 1e-3 and ‖V‖_F is within the lemma bound', () => {
    const g = fixture('paper-g15');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const r = derandomizedRounding(g, sdp, { key: keyFromSeed(0), certify: { hvp: 'autodiff', rho: 1e-3 } });
    expect(r.collapsed).toBe(true);
    const c = r.certificate!;
    expect(c.rho).toBe(1e-3);
    expect(c.gradNorm).toBeLessThanOrEqual(1e-3);
    expect(c.gradientHolds).toBe(true);
    expect(c.lambdaMin).toBeGreaterThanOrEqual(-Math.sqrt(c.K * c.rho));
    expect(c.curvatureHolds).toBe(true);
    expect(c.isSOSP).toBe(true);
    // the certificate's ‖∇f‖ and the training loop's final ‖∇f‖ are computed apart
    expect(c.gradNorm).toBeCloseTo(r.gradNorm, 6);
    expect(c.lemma?.applicable).toBe(true);
    expect(c.lemma!.normW).toBeLessThanOrEqual(c.lemma!.bound);
    expect(c.lemma?.holds).toBe(true);
  });

  it('is deterministic for a seed, keeps tensor counts flat, and reports both halves of its certificate', async () => {
    const g = fixture('paper-g15');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const run = () => derandomizedRounding(g, sdp, { key: keyFromSeed(7), maxSteps: 300, certify: { hvp: 'autodiff' } });
    const a = await expectNoTensorLeak(run, 'derandomizedRounding');
    const b = run();
    expect(Array.from(b.mu)).toEqual(Array.from(a.mu));
    expect(b.history).toEqual(a.history);
    expect(a.certificate).toBeDefined();
    expect(a.certificate!.gradNorm).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(a.certificate!.lambdaMin)).toBe(true);
    expect(a.certificate!.lemma?.normW).toBeCloseTo(a.normV, 3);
    // ρ is the stated default tolerance, not the measured ‖∇f‖; each half is reported
    expect(a.certificate!.rho).toBe(1e-3);
    expect(a.certificate!.isSOSP).toBe(a.certificate!.gradientHolds && a.certificate!.curvatureHolds);
    expect(a.certificate!.failure === undefined).toBe(a.certificate!.isSOSP);
    expect(a.certificate!.smallestRho).toBeGreaterThanOrEqual(a.certificate!.gradNorm);
    expect(tf.memory().numTensors).toBeLessThan(20);
  });

  it('the host loop with plain Adam gives the iterates of minimize with the tensor Adam, bit for bit, and the same stop', () => {
    for (const name of ['paper-g15', 'g05_60.0'] as const) {
      const g = fixture(name);
      const sdp = solveSdp(g, { key: keyFromSeed(1) });
      const loop = derandomizedRounding(g, sdp, { key: keyFromSeed(0) });
      const viaMinimize = derandomizedRounding(g, sdp, { key: keyFromSeed(0), hostLoop: false });
      // a given plain Adam takes the host loop too
      const given = derandomizedRounding(g, sdp, { key: keyFromSeed(0), optimizer: adam({ learningRate: 0.2 }) });
      for (const other of [viaMinimize, given]) {
        expect(Array.from(loop.mu), name).toEqual(Array.from(other.mu));
        expect(loop.steps, name).toBe(other.steps);
        expect(loop.reason, name).toBe(other.reason);
        expect(loop.normV, name).toBe(other.normV);
        expect(loop.history.map((h) => [h.step, h.cut]), name).toEqual(other.history.map((h) => [h.step, h.cut]));
        // value and ‖V‖ at the cadence: float64 sums here, float32 reductions there
        loop.history.forEach((h, k) => {
          expect(h.value, name).toBeCloseTo(other.history[k]!.value, 4);
          expect(Math.abs(h.normV - other.history[k]!.normV), name).toBeLessThanOrEqual(1e-6 * other.history[k]!.normV);
        });
        expect(Math.abs(loop.gradNorm - other.gradNorm), name).toBeLessThanOrEqual(1e-4 * other.gradNorm + 1e-9);
      }
      expect(loop.reason, name).toBe('stopWhen');
    }
  });

  it('the host loop stops on abort, and on a non-finite objective returns the last finite point as minimize does', () => {
    const g = fixture('g05_60.0');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const aborted = new AbortController();
    aborted.abort();
    const stopped = derandomizedRounding(g, sdp, { key: keyFromSeed(0), signal: aborted.signal });
    expect(stopped.reason).toBe('aborted');
    expect(stopped.steps).toBe(0);
    // a step size so large that Adam's first step overflows float32
    for (const hostLoop of [true, false]) {
      const r = derandomizedRounding(g, sdp, { key: keyFromSeed(0), learningRate: 1e39, every: 1, hostLoop });
      expect(r.reason, String(hostLoop)).toBe('non-finite');
      expect(r.nonFinite, String(hostLoop)).toEqual({ step: 1, returnedStep: 0 });
    }
  });
});
