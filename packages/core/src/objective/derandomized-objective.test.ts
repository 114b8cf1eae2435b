import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientOf } from '../certificate/hessian-vector-product.js';
import { keyFromSeed } from '../random/key.js';
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
      /lambda: must be a positive finite number \(got -1\)[\s\S]*W0: must be \[k, d\] with k = 3[\s\S]*expectation.samples/,
    );
    tf.dispose([w, b]);
  });
});
