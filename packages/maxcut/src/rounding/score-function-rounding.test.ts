import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoTensorLeak, keyFromSeed } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { fixture } from '../../test/fixtures.js';
import { solveSdp } from '../sdp/mixing-method.js';
import { cutValue } from '../cut/cut-value.js';
import { scoreFunctionRounding } from './score-function-rounding.js';

describe('scoreFunctionRounding (the authors’ variant)', () => {
  beforeAll(async () => {
    await startTestEngine(wasmBackend);
  });

  it('raises the sampled cut while σ shrinks, on spectral vectors as in the code', async () => {
    const g = fixture('paper-g15');
    const sdp = solveSdp(g, { key: keyFromSeed(1) });
    const r = await expectNoTensorLeak(() => scoreFunctionRounding(g, sdp, { key: keyFromSeed(0), vectors: 'spectral', steps: 800, every: 100 }), 'scoreFunctionRounding');
    const first = r.history[0]!;
    const last = r.history[r.history.length - 1]!;
    expect(last.cut).toBeGreaterThan(first.cut + 3);
    expect(last.maxSigma).toBeLessThan(first.maxSigma);
    expect(r.cut).toBe(cutValue(g, r.sides));
    expect(() => scoreFunctionRounding(fixture('g05_60.0'), sdp, { key: keyFromSeed(0), vectors: 'spectral', steps: 1 })).not.toThrow();
  });
});
