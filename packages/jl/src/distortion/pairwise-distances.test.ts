import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoTensorLeak, foldIn, keyFromSeed, randomNormal } from '@derand/core';
import { relativeError, startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { pairwiseSquaredDistances } from './distortion-batch.js';

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

/** The previous implementation: one Gram matrix per sample (squeeze for S = 1, else unstack), differentiated by tfjs autodiff. */
function previousPerSample(p: tf.Tensor3D): tf.Tensor3D {
  const sq = tf.sum(tf.square(p), 2);
  const grams =
    p.shape[0] === 1
      ? [tf.matMul(tf.squeeze<tf.Tensor2D>(p, [0]), tf.squeeze<tf.Tensor2D>(p, [0]), false, true)]
      : tf.unstack(p).map((ps) => tf.matMul(ps as tf.Tensor2D, ps as tf.Tensor2D, false, true));
  const gram = grams.length === 1 ? tf.expandDims(grams[0]!, 0) : tf.stack(grams);
  return tf.sub<tf.Tensor3D>(tf.add(tf.expandDims(sq, 2), tf.expandDims(sq, 1)), tf.mul(gram, 2));
}


const key = keyFromSeed(21);
// S samples of n projected points in R^k; W a non-symmetric weighting so that both halves of the gradient matter
const shapes = [
  { s: 1, n: 7, k: 3 },
  { s: 4, n: 23, k: 5 },
];

describe('pairwiseSquaredDistances (written-out gradient) against the previous per-sample autodiff path', () => {
  for (const { s, n, k } of shapes) {
    it(`S = ${s}, n = ${n}, k = ${k}: value, gradient and Hessian–vector product on the same draws`, () => {
      const p = randomNormal<tf.Rank.R3>(foldIn(key, `p${s}`), [s, n, k]);
      const w = randomNormal<tf.Rank.R3>(foldIn(key, `w${s}`), [s, n, n]);
      const v = randomNormal<tf.Rank.R3>(foldIn(key, `v${s}`), [s, n, k]);
      // a smooth non-linear loss, so the HVP has a non-trivial second term
      const loss = (f: (x: tf.Tensor3D) => tf.Tensor3D) => (x: tf.Tensor) => tf.sum(tf.mul(w, tf.tanh(tf.mul(f(x as tf.Tensor3D), 0.1))));
      const hvp = (f: (x: tf.Tensor3D) => tf.Tensor3D) => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.grad(loss(f))(x), v)))(p);
      // tfjs cannot differentiate unstack twice (its gradient, stack, gets missing entries), so for
      // S > 1 the previous path's HVP is the central difference of its gradient along v
      const h = 1e-2;
      const hvpByDifferences = () => tf.div(tf.sub(tf.grad(loss(previousPerSample))(tf.add(p, tf.mul(v, h))), tf.grad(loss(previousPerSample))(tf.sub(p, tf.mul(v, h)))), 2 * h);
      for (const [name, now, before, tolerance] of [
        ['value', () => pairwiseSquaredDistances(p), () => previousPerSample(p), 1e-5],
        ['gradient', () => tf.grad(loss(pairwiseSquaredDistances))(p), () => tf.grad(loss(previousPerSample))(p), 1e-5],
        ['HVP', () => hvp(pairwiseSquaredDistances), s === 1 ? () => hvp(previousPerSample) : hvpByDifferences, s === 1 ? 1e-5 : 2e-3],
      ] as const) {
        const [a, b] = tf.tidy(() => [now().dataSync(), before().dataSync()]);
        expect(relativeError(a!, b!), name).toBeLessThan(tolerance);
      }
      tf.dispose([p, w, v]);
    });
  }

  it('holds no tensors after many gradient steps', async () => {
    const p = randomNormal<tf.Rank.R3>(foldIn(key, 'leak'), [3, 9, 4]);
    await expectNoTensorLeak(() => {
      for (let i = 0; i < 20; i++) tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(pairwiseSquaredDistances(x as tf.Tensor3D)))(p).dataSync());
    });
    p.dispose();
  });
});
