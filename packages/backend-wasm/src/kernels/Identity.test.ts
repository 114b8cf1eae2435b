import * as tf from '@tensorflow/tfjs-core';
import { keyFromSeed, randomNormal, startEngine } from '@derand/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '../wasm-backend.js';

describe('Identity on wasm shares the buffer', () => {
  beforeAll(async () => {
    await startEngine({ backend: wasmBackend });
  });

  it('a clone outlives its source, adds no data buffer, and the buffer goes with the last reference', () => {
    const before = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
    const x = randomNormal(keyFromSeed(3), [17, 5]);
    const values = Array.from(x.dataSync());
    const buffers = (tf.memory() as typeof before).numDataBuffers;
    const copy = tf.clone(x);
    expect((tf.memory() as typeof before).numDataBuffers).toBe(buffers);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual(values);
    copy.dispose();
    const after = tf.memory() as typeof before;
    expect([after.numTensors, after.numDataBuffers, after.numBytes]).toEqual([before.numTensors, before.numDataBuffers, before.numBytes]);
  });

  it('gradients that save their inputs (tanh, mul) match the closed form', () => {
    const xs = [0.3, -1.2, 2.0, 0.05];
    const grad = tf.tidy(() => Array.from(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.tanh(v), v)))(tf.tensor1d(xs)).dataSync()));
    // d/dx tanh(x)·x = tanh(x) + x(1 − tanh²x)
    xs.forEach((x, i) => expect(grad[i]).toBeCloseTo(Math.tanh(x) + x * (1 - Math.tanh(x) ** 2), 6));
  });

  it('string tensors keep the stock copy', () => {
    const s = tf.tensor1d(['a', 'b']);
    const copy = tf.clone(s);
    s.dispose();
    expect(copy.dataSync()).toEqual(['a', 'b']);
    copy.dispose();
  });
});
