import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientOf } from '../curvature/hessian-vector-product.js';
import { keyFromSeed, type RandomKey } from '../random/key.js';
import type { Objective } from '../params/types.js';
import { startTestEngine } from '../testing/test-engine.js';
import { derandomizedObjective, type Expectation } from './derandomized-objective.js';

beforeAll(async () => {
  await startTestEngine();
});

// g(y) = Σ y_i² + Σ y_i: E[g(Wx + b)] = ‖W‖²_F + ‖b‖² + Σ b_i, so f = (1 + λ)‖W‖²_F + ‖b‖² + Σb,
// ∂f/∂W = 2(1 + λ)W, ∂f/∂b = 2b + 1.
const g = (y: tf.Tensor2D): tf.Tensor1D => tf.add(tf.sum(tf.square(y), 1), tf.sum(y, 1)) as tf.Tensor1D;
const W0 = (): tf.Tensor2D => tf.tensor2d([[0.3, -0.2, 0.5], [0.1, 0.4, -0.6]]);
const b0 = (): tf.Tensor1D => tf.tensor1d([0.2, -0.7]);
const lambda = 0.05;
const exact = (() => {
  const w = [0.3, -0.2, 0.5, 0.1, 0.4, -0.6];
  const b = [0.2, -0.7];
  return (1 + lambda) * w.reduce((s, v) => s + v * v, 0) + b.reduce((s, v) => s + v * v + v, 0);
})();

/**
 * The objective's fused first-order pass against its tape at `key`: value within 1e-5, each
 * gradient within 1e-5 relative. `afterFusedPass` runs between the fused pass and the tape's.
 */
function expectTapeAgreement(f: Objective, key: RandomKey, afterFusedPass: () => void): void {
  const { value, grads } = f.valueAndGrad!(f.init, key);
  afterFusedPass();
  const tapeValue = f.value(f.init, key);
  expect(Math.abs(value.dataSync()[0]! - tapeValue.dataSync()[0]!)).toBeLessThan(1e-5);
  const tape = gradientOf(f, f.init, key);
  expect(Object.keys(grads).sort()).toEqual(Object.keys(tape).sort());
  for (const n of Object.keys(tape)) {
    const a = Array.from(grads[n]!.dataSync());
    const t = Array.from(tape[n]!.dataSync());
    expect(a.length).toBe(t.length);
    t.forEach((x, i) => expect(Math.abs(a[i]! - x)).toBeLessThan(1e-5 * (1 + Math.abs(x))));
  }
  tf.dispose([value, tapeValue, ...Object.values(grads), ...Object.values(tape)]);
}

describe('derandomizedObjective', () => {
  it.each<[string, Expectation, number]>([
    ['quadrature (exact for quadratics)', { kind: 'quadrature', points: 3 }, 1e-5],
    ['antithetic Monte-Carlo', { kind: 'monte-carlo', samples: 20_000, mode: 'antithetic' }, 0.03],
    ['fresh Monte-Carlo', { kind: 'monte-carlo', samples: 20_000 }, 0.05],
    ['fixed Monte-Carlo', { kind: 'monte-carlo', samples: 20_000, mode: 'fixed' }, 0.05],
  ])('estimates E[g(Wx + b)] + λ‖W‖² by %s', (_name, expectation, tol) => {
    const w = W0();
    const b = b0();
    const f = derandomizedObjective({ g, W0: w, b0: b, lambda, expectation });
    const v = f.value(f.init, keyFromSeed(1));
    expect(Math.abs((v.dataSync()[0] ?? NaN) - exact)).toBeLessThan(tol);
    const grads = gradientOf(f, f.init, keyFromSeed(1));
    const gw = Array.from(grads['W']!.dataSync());
    [0.3, -0.2, 0.5, 0.1, 0.4, -0.6].forEach((x, i) => expect(Math.abs(gw[i]! - 2 * (1 + lambda) * x)).toBeLessThan(tol * 4));
    tf.dispose([v, w, b, ...Object.values(grads)]);
    f.dispose?.();
  });

  it('gives the same value for the same key and a different one for another key (fresh)', () => {
    const w = W0();
    const b = b0();
    const f = derandomizedObjective({ g, W0: w, b0: b, lambda, expectation: { kind: 'monte-carlo', samples: 64 } });
    const at = (seed: number): number => tf.tidy(() => f.value(f.init, keyFromSeed(seed)).dataSync()[0] ?? NaN);
    expect(at(3)).toBe(at(3));
    expect(at(3)).not.toBe(at(4));
    tf.dispose([w, b]);
    f.dispose?.();
  });

  it('rejects bad options, naming each problem', () => {
    const w = W0();
    const b = tf.tensor1d([1, 2, 3]);
    expect(() => derandomizedObjective({ g, W0: w, b0: b, lambda: -1, expectation: { kind: 'monte-carlo', samples: 3, mode: 'antithetic' } })).toThrow(
      /lambda: must be a finite number ≥ 0 \(got -1\)[\s\S]*W0: must be \[k, d\] with k = 3[\s\S]*expectation.samples/,
    );
    tf.dispose([w, b]);
  });

  it('adds the penalty once to a fused expectation pass: its value and gradient equal the tape of value()', () => {
    const w = W0();
    const b = b0();
    // the closed form of E[g(Wx + b)] = ‖W‖²_F + ‖b‖² + Σb and its gradient, without the penalty
    const fused = (p: Record<string, tf.Tensor>) => ({
      value: tf.addN([tf.sum(tf.square(p['W']!)), tf.sum(tf.square(p['b']!)), tf.sum(p['b']!)]) as tf.Scalar,
      grads: { W: tf.mul(p['W']!, 2), b: tf.add(tf.mul(p['b']!, 2), 1) },
    });
    const f = derandomizedObjective({ g, W0: w, b0: b, lambda, expectation: { kind: 'quadrature', points: 3 }, expectationValueAndGrad: fused });
    const { value, grads } = f.valueAndGrad!(f.init, keyFromSeed(0));
    expect(Math.abs((value.dataSync()[0] ?? NaN) - exact)).toBeLessThan(1e-5);
    const tape = gradientOf(f, f.init, keyFromSeed(0));
    for (const n of ['W', 'b']) {
      const a = Array.from(grads[n]!.dataSync());
      Array.from(tape[n]!.dataSync()).forEach((x, i) => expect(Math.abs(a[i]! - x)).toBeLessThan(1e-5));
    }
    tf.dispose([value, w, b, ...Object.values(grads), ...Object.values(tape)]);
    f.dispose?.();
  });

  it.each<[string, 'full' | 'diagonal' | 'isotropic' | 'none', Expectation]>([
    ['full W, fresh Monte-Carlo', 'full', { kind: 'monte-carlo', samples: 5 }],
    ['full W, antithetic', 'full', { kind: 'monte-carlo', samples: 6, mode: 'antithetic' }],
    ['full W, quadrature', 'full', { kind: 'quadrature', points: 2 }],
    ['diagonal W, fixed Monte-Carlo', 'diagonal', { kind: 'monte-carlo', samples: 4, mode: 'fixed' }],
    ['isotropic σ, fresh Monte-Carlo', 'isotropic', { kind: 'monte-carlo', samples: 3 }],
    ['no random part', 'none', { kind: 'monte-carlo', samples: 1 }],
  ])("carries g's own gradient back through y = Wx + b (%s): the tape's value and gradient", (_name, noise, expectation) => {
    // g(y) = Σ_i tanh(y_i)² + y_i·c_i, with its gradient written by hand
    const c = tf.tensor1d([0.5, -1.5]);
    const gTanh = (y: tf.Tensor2D): tf.Tensor1D => tf.sum(tf.add(tf.square(tf.tanh(y)), tf.mul(y, c)), 1) as tf.Tensor1D;
    let calls = 0;
    const gValueAndGrad = (y: tf.Tensor2D) => {
      calls++;
      const t = tf.tanh(y);
      return { values: gTanh(y), dy: tf.add(tf.mul(tf.mul(t, tf.sub(1, tf.square(t))), 2), c) as tf.Tensor2D };
    };
    const w = noise === 'full' ? W0() : noise === 'diagonal' ? tf.tensor1d([0.3, -0.8]) : noise === 'isotropic' ? tf.scalar(0.6) : undefined;
    const b = b0();
    const f = derandomizedObjective({ g: gTanh, ...(w === undefined ? {} : { W0: w }), b0: b, lambda, expectation, noise, inputDim: 2, gValueAndGrad });
    const key = keyFromSeed(7);
    expectTapeAgreement(f, key, () => expect(calls).toBe(1));
    tf.dispose([c, b, ...(w === undefined ? [] : [w])]);
    f.dispose?.();
  });

  it.each<[string, 'full' | 'diagonal' | 'isotropic' | 'none', Expectation]>([
    ['full W, antithetic', 'full', { kind: 'monte-carlo', samples: 6, mode: 'antithetic' }],
    ['diagonal W, quadrature', 'diagonal', { kind: 'quadrature', points: 3 }],
    ['isotropic σ, fresh Monte-Carlo', 'isotropic', { kind: 'monte-carlo', samples: 3 }],
    ['no random part', 'none', { kind: 'monte-carlo', samples: 1 }],
  ])("takes a whole first-order pass given the samples (gPass, %s): the tape's value and gradient", (_name, noise, expectation) => {
    // g(y) = Σ_i tanh(y_i)² + y_i·c_i; the pass forms y from the z and weights it is handed
    const c = tf.tensor1d([0.5, -1.5]);
    const gTanh = (y: tf.Tensor2D): tf.Tensor1D => tf.sum(tf.add(tf.square(tf.tanh(y)), tf.mul(y, c)), 1) as tf.Tensor1D;
    let calls = 0;
    const gPass = ({ W, b, z, weights }: { W?: tf.Tensor; b: tf.Tensor1D; z: tf.Tensor2D; weights: tf.Tensor1D }) => {
      calls++;
      const y = (noise === 'none' ? tf.expandDims(b, 0) : noise === 'full' ? tf.add(tf.matMul(z, W!, false, true), b) : tf.add(tf.mul(z, W!), b)) as tf.Tensor2D;
      const t = tf.tanh(y);
      const dy = tf.mul(tf.add(tf.mul(tf.mul(t, tf.sub(1, tf.square(t))), 2), c), tf.expandDims(weights, 1)) as tf.Tensor2D;
      const gW = noise === 'full' ? tf.matMul(dy, z, true, false) : noise === 'diagonal' ? tf.sum(tf.mul(dy, z), 0) : noise === 'isotropic' ? tf.sum(tf.mul(dy, z)) : undefined;
      return { values: gTanh(y), grads: { b: tf.sum(dy, 0) as tf.Tensor1D, ...(gW === undefined ? {} : { W: gW }) } };
    };
    const w = noise === 'full' ? W0() : noise === 'diagonal' ? tf.tensor1d([0.3, -0.8]) : noise === 'isotropic' ? tf.scalar(0.6) : undefined;
    const b = b0();
    const f = derandomizedObjective({ g: gTanh, ...(w === undefined ? {} : { W0: w }), b0: b, lambda, expectation, noise, inputDim: 2, gPass, gValueAndGrad: () => { throw new Error('gPass takes precedence'); } });
    const key = keyFromSeed(8);
    expectTapeAgreement(f, key, () => expect(calls).toBe(1));
    tf.dispose([c, b, ...(w === undefined ? [] : [w])]);
    f.dispose?.();
  });

  it('refuses a gPass whose gradients are not shaped as the groups, naming them', () => {
    const w = tf.scalar(0.5);
    const b = b0();
    const f = derandomizedObjective({
      g,
      W0: w,
      b0: b,
      lambda,
      noise: 'isotropic',
      inputDim: 2,
      expectation: { kind: 'monte-carlo', samples: 2 },
      gPass: ({ z }) => ({ values: tf.zeros([z.shape[0]]), grads: { b: tf.zeros([3]), W: tf.scalar(0) } }),
    });
    expect(() => f.valueAndGrad!(f.init, keyFromSeed(1))).toThrow(/gradients shaped as b \[2\] and W \[\]/);
    tf.dispose([w, b]);
    f.dispose?.();
  });

  it('keeps the tape for a max reduction, even with a fused g', () => {
    const w = W0();
    const b = b0();
    const f = derandomizedObjective({ g, W0: w, b0: b, lambda, expectation: { kind: 'monte-carlo', samples: 4 }, reduce: 'max', gValueAndGrad: () => { throw new Error('not for a max'); } });
    expect(Object.keys(f)).not.toContain('valueAndGrad');
    tf.dispose([w, b]);
    f.dispose?.();
  });

  it('states once whether the lemma bound applies: not for λ = 0, a max reduction or no random part', () => {
    const w = W0();
    const b = b0();
    const mc = { kind: 'monte-carlo', samples: 8 } as const;
    const cases = [
      derandomizedObjective({ g, W0: w, b0: b, lambda, expectation: mc }),
      derandomizedObjective({ g, W0: w, b0: b, lambda: 0, expectation: mc }),
      derandomizedObjective({ g, W0: w, b0: b, lambda, expectation: mc, reduce: 'max' }),
      derandomizedObjective({ g, b0: b, lambda, expectation: mc, noise: 'none' }),
    ];
    expect(cases[0]!.lemma).toMatchObject({ noiseGroups: ['W'], lambda, factor: 'full', dimension: 3, applies: true });
    expect(cases[1]!.lemma).toMatchObject({ applies: false, reason: 'λ = 0' });
    expect(cases[2]!.lemma).toMatchObject({ applies: false, reason: expect.stringContaining('max') });
    expect(cases[3]!.lemma).toBeUndefined();
    // no random part: f(b) = g(b) exactly
    const v = cases[3]!.value(cases[3]!.init, keyFromSeed(0));
    expect(Math.abs((v.dataSync()[0] ?? NaN) - (0.04 + 0.49 + 0.2 - 0.7))).toBeLessThan(1e-6);
    tf.dispose([v, w, b]);
    for (const c of cases) c.dispose?.();
  });

  it('parameterises σ·I (isotropic) with the penalty λ·d·σ², matching the full matrix σI', () => {
    const b = tf.tensor1d([0.2, -0.7]);
    const sigma = tf.scalar(0.3);
    const full = tf.mul(tf.eye(2), 0.3) as tf.Tensor2D;
    const iso = derandomizedObjective({ g, W0: sigma, b0: b, lambda, expectation: { kind: 'quadrature', points: 3 }, noise: 'isotropic' });
    const mat = derandomizedObjective({ g, W0: full, b0: b, lambda, expectation: { kind: 'quadrature', points: 3 } });
    const a = tf.tidy(() => iso.value(iso.init, keyFromSeed(0)).dataSync()[0]!);
    const m = tf.tidy(() => mat.value(mat.init, keyFromSeed(0)).dataSync()[0]!);
    expect(Math.abs(a - m)).toBeLessThan(1e-5);
    expect(iso.lemma).toMatchObject({ factor: 'isotropic', dimension: 2, applies: true });
    tf.dispose([b, sigma, full]);
    iso.dispose?.();
    mat.dispose?.();
  });
});

