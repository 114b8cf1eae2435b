import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientOf, hessianVectorProduct } from '../curvature/hessian-vector-product.js';
import type { Params } from '../params/params.js';
import { keyFromSeed } from '../random/key.js';
import { randomNormal } from '../random/kernels.js';
import { expectNoTensorLeak } from '../engine/leaks.js';
import { startTestEngine } from '../testing/test-engine.js';
import { derandomizedObjective } from './derandomized-objective.js';

beforeAll(async () => {
  await startTestEngine();
});

// g(y) = exp(a·y) + c·Σ y_i²: E_x[g(Wx + b)] = exp(a·b + ½‖Wᵀa‖²) + c(‖W‖²_F + ‖b‖²) in closed form,
// so the 'exact' expectation differentiated by the tape is an independent reference for the value,
// the gradient and Hessian–vector products of the subspace rule, in d = 7 > k = 3.
describe("derandomizedObjective with 'subspace-quadrature'", () => {
  const k = 3;
  const d = 7;
  const lambda = 0.01;
  const a = [0.5, -0.4, 0.3];
  const c = 0.2;
  const g = (y: tf.Tensor2D): tf.Tensor1D =>
    tf.tidy(() => tf.add(tf.exp(tf.reshape(tf.matMul(y, tf.tensor2d(a, [k, 1])), [-1])), tf.mul(c, tf.sum(tf.square(y), 1))));
  const closedForm = (p: Params): tf.Scalar =>
    tf.tidy(() => {
      const av = tf.tensor1d(a);
      const Wta = tf.matMul(tf.reshape(av, [1, k]), p['W']!);
      const exponent = tf.add(tf.sum(tf.mul(av, p['b']!)), tf.mul(0.5, tf.sum(tf.square(Wta))));
      return tf.add(tf.exp(exponent), tf.mul(c, tf.add(tf.sum(tf.square(p['W']!)), tf.sum(tf.square(p['b']!)))));
    });
  const relative = (x: Params, y: Params): number => {
    let num = 0;
    let den = 0;
    for (const name of Object.keys(y)) {
      const xs = x[name]!.dataSync();
      const ys = y[name]!.dataSync();
      ys.forEach((v, i) => {
        num += (xs[i]! - v) ** 2;
        den += v * v;
      });
    }
    return Math.sqrt(num / den);
  };

  it.each([
    ['a generic W', 0.4],
    ['W = 0 (rank 0)', 0],
  ])('matches the closed form in value, gradient and HVP at %s', (_name, scale) => {
    const W0 = tf.mul(randomNormal(keyFromSeed(1), [k, d]), scale);
    const b0 = tf.tensor1d([0.3, -0.2, 0.1]);
    const subspace = derandomizedObjective({ g, W0, b0, lambda, expectation: { kind: 'subspace-quadrature', points: 16 } });
    const exact = derandomizedObjective({ g, W0, b0, lambda, expectation: { kind: 'exact', value: closedForm } });
    const key = keyFromSeed(2);
    const v = { W: randomNormal(keyFromSeed(3), [k, d]), b: randomNormal(keyFromSeed(4), [k]) };
    const value = (f: typeof exact): number => tf.tidy(() => f.value(f.init, key).dataSync()[0] ?? NaN);
    expect(Math.abs(value(subspace) - value(exact)) / Math.abs(value(exact))).toBeLessThan(1e-5);
    const gs = gradientOf(subspace, subspace.init, key);
    const ge = gradientOf(exact, exact.init, key);
    expect(relative(gs, ge)).toBeLessThan(1e-4);
    const hs = hessianVectorProduct(subspace, subspace.init, v, key);
    const he = hessianVectorProduct(exact, exact.init, v, key);
    expect(relative(hs, he)).toBeLessThan(1e-4);
    // Without the curvature term the W-block would miss H̄ ⊗ P⊥: check the term is not negligible here.
    expect(relative({ W: hs['W']! }, { W: tf.tidy(() => tf.sub(he['W']!, tf.mul(2 * lambda, v.W))) })).toBeGreaterThan(1e-3);
    tf.dispose([W0, b0, ...Object.values(v), ...Object.values(gs), ...Object.values(ge), ...Object.values(hs), ...Object.values(he)]);
    subspace.dispose?.();
    exact.dispose?.();
  });

  it('leaks no tensors over repeated value, gradient and HVP calls', async () => {
    const W0 = randomNormal(keyFromSeed(5), [k, d]);
    const b0 = tf.tensor1d([0, 0, 0]);
    const f = derandomizedObjective({ g, W0, b0, lambda, expectation: { kind: 'subspace-quadrature', points: 6 } });
    const v = { W: tf.onesLike(W0), b: tf.onesLike(b0) };
    const key = keyFromSeed(0);
    const round = (): void => {
      tf.dispose(f.value(f.init, key));
      tf.dispose(Object.values(gradientOf(f, f.init, key)));
      tf.dispose(Object.values(hessianVectorProduct(f, f.init, v, key)));
    };
    round();
    await expectNoTensorLeak(() => {
      for (let i = 0; i < 5; i++) round();
    }, 'subspace quadrature');
    tf.dispose([W0, b0, v.W, v.b]);
    f.dispose?.();
  });

  it('needs full noise', () => {
    const W0 = tf.scalar(1);
    const b0 = tf.tensor1d([0, 0]);
    expect(() => derandomizedObjective({ g, W0, b0, lambda, noise: 'isotropic', expectation: { kind: 'subspace-quadrature', points: 4 } })).toThrow(
      /expectation.kind: 'subspace-quadrature' needs noise 'full'/,
    );
    tf.dispose([W0, b0]);
  });
});
