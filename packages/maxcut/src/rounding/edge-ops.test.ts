import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoTensorLeak, keyFromSeed, randomNormal } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { indexedRows } from './edge-ops.js';

describe('indexedRows gather/scatter', () => {
  beforeAll(async () => {
    await startTestEngine(wasmBackend);
  });

  it('gathers rows, scatters with accumulation, and the two are adjoint', () => {
    const idx = Int32Array.from([2, 0, 2, 1, 3]);
    const rows = indexedRows(idx, 4);
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
      expect(rows.gather(x).arraySync()).toEqual([[5, 6], [1, 2], [5, 6], [3, 4], [7, 8]]);
      const y = tf.tensor2d([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
      expect(rows.scatter(y).arraySync()).toEqual([[2, 2], [4, 4], [4, 4], [5, 5]]);
      expect(rows.gather(tf.tensor1d([10, 20, 30, 40])).arraySync()).toEqual([30, 10, 30, 20, 40]);
      // ⟨gather(x), y⟩ = ⟨x, scatter(y)⟩ for random x, y
      const xr = randomNormal(keyFromSeed(1), [4, 3]);
      const yr = randomNormal(keyFromSeed(2), [5, 3]);
      const left = tf.sum(tf.mul(rows.gather(xr), yr)).dataSync()[0]!;
      const right = tf.sum(tf.mul(xr, rows.scatter(yr))).dataSync()[0]!;
      expect(left).toBeCloseTo(right, 4);
    });
    rows.dispose();
  });

  it('differentiates to second order: Hessian of Σ (x_i·x_j)² against the closed form', () => {
    const from = indexedRows(Int32Array.from([0, 1]), 3);
    const to = indexedRows(Int32Array.from([1, 2]), 3);
    tf.tidy(() => {
      const x = tf.tensor2d([[0.5, -1], [2, 0.3], [-0.7, 1.1]]);
      const v = tf.tensor2d([[1, 0], [0, 1], [0.5, 0.5]]);
      const f = (z: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.sum(tf.mul(from.gather(z), to.gather(z)), 1)));
      const hvp = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(z), v)))(x).arraySync() as number[][];
      // finite differences of the (closed-form-checked) gradient
      const h = 1e-3;
      const grad = (z: tf.Tensor): number[][] => tf.grad(f)(z).arraySync() as number[][];
      const plus = grad(tf.add(x, tf.mul(v, h)));
      const minus = grad(tf.sub(x, tf.mul(v, h)));
      hvp.forEach((row, i) => row.forEach((value, t) => expect(value).toBeCloseTo((plus[i]![t]! - minus[i]![t]!) / (2 * h), 2)));
    });
    from.dispose();
    to.dispose();
  });

  it('keeps tensor counts flat', async () => {
    const rows = indexedRows(Int32Array.from([1, 0, 1]), 2);
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    await expectNoTensorLeak(() => {
      for (let i = 0; i < 10; i++) tf.tidy(() => void tf.grad((z: tf.Tensor) => tf.sum(tf.square(rows.gather(z))))(x).dataSync());
    }, 'indexedRows');
    x.dispose();
    rows.dispose();
  });
});
