import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { certifySecondOrder, expectNoTensorLeak, foldIn, keyFromSeed, sampleNormal, valueAndGradsOrZeros } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { fixture } from '../../test/fixtures.js';
import { probitCutObjective, probitCutValue64 } from './probit-cut-objective.js';

const graph = fixture('paper-g15');
const rank = 4;
const tau = 0.3;
const lambda = 0.05;
// a point with varied correlations: V = 0.8·N(0, 1), μ = 0.4·N(0, 1)
const V0 = Float64Array.from(sampleNormal(keyFromSeed(1), graph.n * rank), (x) => 0.8 * x);
const mu0 = Float64Array.from(sampleNormal(keyFromSeed(2), graph.n), (x) => 0.4 * x);

function valueAndGradient(implementation: 'host' | 'tensor'): { value: number; gradV: Float32Array; gradMu: Float32Array } {
  const f = probitCutObjective({ graph, vectors: V0, rank, mu: mu0, tau, lambda, implementation });
  try {
    return tf.tidy(() => {
      if (implementation === 'host') {
        // the fused first-order pass the training loop uses
        expect(typeof f.valueAndGrad).toBe('function');
        const { value, grads } = f.valueAndGrad!(f.init, keyFromSeed(0));
        return { value: value.dataSync()[0]!, gradV: grads['W']!.dataSync() as Float32Array, gradMu: grads['b']!.dataSync() as Float32Array };
      }
      expect('valueAndGrad' in f).toBe(false);
      const { value, grads } = valueAndGradsOrZeros((W, b) => f.value({ W: W!, b: b! }, keyFromSeed(0)), [f.init['W']!, f.init['b']!]);
      return { value: value.dataSync()[0]!, gradV: grads[0]!.dataSync() as Float32Array, gradMu: grads[1]!.dataSync() as Float32Array };
    });
  } finally {
    f.dispose?.();
  }
}

/** Central float64 differences of the float64 reference value. */
function finiteDifferences(): { gradV: Float64Array; gradMu: Float64Array } {
  const h = 1e-6;
  const gradV = new Float64Array(V0.length);
  const gradMu = new Float64Array(mu0.length);
  const at = (v: Float64Array, m: Float64Array): number => probitCutValue64(graph, v, rank, m, tau, lambda);
  for (let k = 0; k < V0.length; k++) {
    const plus = V0.slice();
    const minus = V0.slice();
    plus[k]! += h;
    minus[k]! -= h;
    gradV[k] = (at(plus, mu0) - at(minus, mu0)) / (2 * h);
  }
  for (let k = 0; k < mu0.length; k++) {
    const plus = mu0.slice();
    const minus = mu0.slice();
    plus[k]! += h;
    minus[k]! -= h;
    gradMu[k] = (at(V0, plus) - at(V0, minus)) / (2 * h);
  }
  return { gradV, gradMu };
}

const relativeError = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let diff = 0;
  let norm = 0;
  for (let k = 0; k < a.length; k++) {
    diff += (a[k]! - b[k]!) ** 2;
    norm += b[k]! ** 2;
  }
  return Math.sqrt(diff / norm);
};

describe('probitCutObjective (exact expectation)', () => {
  beforeAll(async () => {
    await startTestEngine(wasmBackend);
  });
  const fd = finiteDifferences();

  for (const implementation of ['host', 'tensor'] as const) {
    it(`${implementation}: value and gradient match the float64 reference and its central differences`, () => {
      const r = valueAndGradient(implementation);
      expect(r.value).toBeCloseTo(probitCutValue64(graph, V0, rank, mu0, tau, lambda), 5);
      expect(relativeError(r.gradV, fd.gradV)).toBeLessThan(2e-5);
      expect(relativeError(r.gradMu, fd.gradMu)).toBeLessThan(2e-5);
    });
  }

  it('Monte-Carlo (antithetic, fresh samples) is unbiased for the exact value', () => {
    const f = probitCutObjective({ graph, vectors: V0, rank, mu: mu0, tau, lambda, expectation: { kind: 'monte-carlo', samples: 256, mode: 'antithetic' } });
    const values = Array.from({ length: 40 }, (_, k) => tf.tidy(() => f.value(f.init, foldIn(keyFromSeed(5), k)).dataSync()[0]!));
    f.dispose?.();
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(mean - probitCutValue64(graph, V0, rank, mu0, tau, lambda))).toBeLessThan(4 * (sd / Math.sqrt(values.length)) + 1e-6);
    expect(sd).toBeGreaterThan(0);
  });

  it('sets the lemma groups and certifies the same curvature by autodiff and by finite differences of the fused gradient', () => {
    const tensor = probitCutObjective({ graph, vectors: V0, rank, mu: mu0, tau, lambda, implementation: 'tensor' });
    const host = probitCutObjective({ graph, vectors: V0, rank, mu: mu0, tau, lambda });
    expect(host.lemma).toEqual({ noiseGroups: ['W'], lambda, factor: 'full', dimension: rank, applies: true });
    const byAutodiff = certifySecondOrder(tensor, tensor.init, { key: keyFromSeed(1), hvp: 'autodiff', lanczosSteps: 40, K: 1 });
    const byDifferences = certifySecondOrder(host, host.init, { key: keyFromSeed(1), hvp: 'finite-difference', lanczosSteps: 40, K: 1 });
    expect(byAutodiff.lambdaMin).toBeCloseTo(byDifferences.lambdaMin, 2);
    expect(byAutodiff.gradNorm).toBeCloseTo(byDifferences.gradNorm, 4);
    tensor.dispose?.();
    host.dispose?.();
  });

  it('keeps tensor counts flat over many evaluations', async () => {
    for (const implementation of ['host', 'tensor'] as const) {
      const f = probitCutObjective({ graph, vectors: V0, rank, mu: mu0, tau, lambda, implementation });
      await expectNoTensorLeak(() => {
        for (let i = 0; i < 20; i++) {
          tf.tidy(() => {
            if (f.valueAndGrad !== undefined) void f.valueAndGrad(f.init, keyFromSeed(i)).value.dataSync();
            void valueAndGradsOrZeros((W, b) => f.value({ W: W!, b: b! }, keyFromSeed(i)), [f.init['W']!, f.init['b']!]).value.dataSync();
          });
        }
      }, implementation);
      f.dispose?.();
    }
  });
});
