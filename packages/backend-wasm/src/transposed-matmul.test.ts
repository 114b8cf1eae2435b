import * as tf from '@tensorflow/tfjs-core';
import { keyFromSeed, randomNormal, splitKey, startEngine } from '@derand/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTransposedMatMulFastPath, transposedMatMulFastPathEnabled } from './transposed-matmul.js';
import { wasmBackend } from './wasm-backend.js';

/** Gradients of a 2-hidden-layer ReLU MLP with MSE, as flat arrays. */
function mlpGradients(seed: number): Float32Array[] {
  return tf.tidy(() => {
    const [k1, k2, k3, k4, k5] = splitKey(keyFromSeed(seed), 5);
    const x = randomNormal(k1!, [64, 30]);
    const y = randomNormal(k2!, [64, 1]);
    const w1 = randomNormal(k3!, [30, 40], 0, 0.2);
    const w2 = randomNormal(k4!, [40, 40], 0, 0.2);
    const w3 = randomNormal(k5!, [40, 1], 0, 0.2);
    const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Scalar =>
      tf.losses.meanSquaredError(y, tf.matMul(tf.relu(tf.matMul(tf.relu(tf.matMul(x, a)), b)), c)) as tf.Scalar;
    return tf.grads(loss)([w1, w2, w3]).map((g) => g.dataSync() as Float32Array);
  });
}

describe('transposed-matmul fast path on wasm', () => {
  beforeAll(async () => {
    await startEngine({ backend: wasmBackend });
  });
  afterAll(() => setTransposedMatMulFastPath(true));

  it('is on after install and gives the stock kernel results for every transpose combination', () => {
    expect(transposedMatMulFastPathEnabled()).toBe(true);
    const [ka, kb] = splitKey(keyFromSeed(9), 2);
    for (const [tA, tB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const aShape = tA ? [3, 23, 17] : [3, 17, 23];
      const bShape = tB ? [3, 11, 23] : [3, 23, 11];
      const run = (): Float32Array =>
        tf.tidy(() => tf.matMul(randomNormal(ka!, aShape), randomNormal(kb!, bShape), tA, tB).dataSync() as Float32Array);
      const fast = run();
      setTransposedMatMulFastPath(false);
      const stock = run();
      setTransposedMatMulFastPath(true);
      const worst = stock.reduce((m, v, i) => Math.max(m, Math.abs(v - (fast[i] ?? NaN)) / (1 + Math.abs(v))), 0);
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('runs a batch above 1 per entry (also with a broadcast operand of batch 1) with the stock results', () => {
    const [ka, kb] = splitKey(keyFromSeed(10), 2);
    for (const [aShape, bShape] of [
      [[4, 9, 5], [4, 5, 13]],
      [[1, 9, 5], [4, 5, 13]],
      [[4, 9, 5], [1, 5, 13]],
      [[2, 3, 9, 5], [2, 3, 5, 7]],
      [[9, 5], [4, 5, 13]],
    ] as const) {
      const run = (): Float32Array => tf.tidy(() => tf.matMul(randomNormal(ka!, aShape), randomNormal(kb!, bShape)).dataSync() as Float32Array);
      const fast = run();
      setTransposedMatMulFastPath(false);
      const stock = run();
      setTransposedMatMulFastPath(true);
      expect(fast.length).toBe(stock.length);
      const worst = stock.reduce((m, v, i) => Math.max(m, Math.abs(v - (fast[i] ?? NaN)) / (1 + Math.abs(v))), 0);
      expect(worst, `${aShape.join('×')} · ${bShape.join('×')}`).toBeLessThan(1e-5);
    }
  });

  it('gives the same MLP gradients as stock gradients within 1e-5 relative', () => {
    const fast = mlpGradients(3);
    setTransposedMatMulFastPath(false);
    expect(transposedMatMulFastPathEnabled()).toBe(false);
    const stock = mlpGradients(3);
    setTransposedMatMulFastPath(true);
    stock.forEach((g, i) => {
      const f = fast[i] as Float32Array;
      const norm = Math.hypot(...g);
      const diff = Math.hypot(...g.map((v, k) => v - (f[k] ?? NaN)));
      expect(diff / norm).toBeLessThan(1e-5);
    });
  });

  it('does not leak backend buffers', () => {
    const before = tf.engine().backend.numDataIds();
    mlpGradients(4);
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});
