import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoTensorLeak, TensorLeakError } from './leaks.js';
import { startEngine } from './start-engine.js';

describe('startEngine', () => {
  it('starts cpu and makes first- and second-order gradients work', async () => {
    const info = await startEngine({ backend: 'cpu' });
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    // d/dx mean(tanh(x)) = (1 − tanh²x)/n
    const x = tf.tensor1d([0.3, -1.2]);
    const g = tf.grad((v: tf.Tensor) => tf.mean(tf.tanh(v)))(x);
    const expected = [0.3, -1.2].map((v) => (1 - Math.tanh(v) ** 2) / 2);
    const got = await g.data();
    expect(got[0]).toBeCloseTo(expected[0] ?? 0, 6);
    expect(got[1]).toBeCloseTo(expected[1] ?? 0, 6);
    tf.dispose([x, g]);
  });

  it('differentiates tanh, sigmoid and exp twice correctly (tfjs #3252)', async () => {
    await startEngine({ backend: 'cpu' });
    const at = 0.7;
    const second = (f: (v: tf.Tensor) => tf.Tensor): number =>
      tf.tidy(() => tf.grad((v: tf.Tensor) => tf.grad(f)(v))(tf.scalar(at)).dataSync()[0] ?? NaN);
    const t = Math.tanh(at);
    expect(second((v) => tf.tanh(v))).toBeCloseTo(-2 * t * (1 - t * t), 5);
    const s = 1 / (1 + Math.exp(-at));
    expect(second((v) => tf.sigmoid(v))).toBeCloseTo(s * (1 - s) * (1 - 2 * s), 5);
    expect(second((v) => tf.exp(v))).toBeCloseTo(Math.exp(at), 5);
    // a mixed path that stock tfjs gets silently wrong: d²/dx² tanh(softplus(x))
    const sp = Math.log1p(Math.exp(at));
    const sig = s;
    const th = Math.tanh(sp);
    const exact = -2 * th * (1 - th * th) * sig * sig + (1 - th * th) * sig * (1 - sig);
    expect(second((v) => tf.tanh(tf.softplus(v)))).toBeCloseTo(exact, 5);
  });

  it('rejects an unknown backend, naming the available ones', async () => {
    await expect(startEngine({ backend: 'gpu' })).rejects.toThrow(/Unknown backend 'gpu'.*cpu/);
  });
});

describe('expectNoTensorLeak', () => {
  it('passes clean work and reports leaks with counts', async () => {
    await startEngine({ backend: 'cpu' });
    await expect(expectNoTensorLeak(() => tf.tidy(() => tf.add(1, 2).dataSync()[0]))).resolves.toBe(3);
    const leaked: tf.Tensor[] = [];
    await expect(
      expectNoTensorLeak(() => {
        leaked.push(tf.ones([2]), tf.zeros([3]));
      }, 'leaky'),
    ).rejects.toThrow(TensorLeakError);
    tf.dispose(leaked);
    await expect(expectNoTensorLeak(() => void leaked.push(tf.ones([1])), 'leaky')).rejects.toThrow(/leaky leaked 1 tensor/);
    tf.dispose(leaked);
  });
});
