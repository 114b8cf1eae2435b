import * as tf from '@tensorflow/tfjs-core';
import { expectNoTensorLeak, keyFromSeed, randomNormal, splitKey } from '@derand/core';
import { expect } from 'vitest';
import { describeOnDevices } from '../test/targets.js';
import { DerandError } from '@derand/registry';
import { isHostFallback } from './host-fallback.js';
import { activeCudaBackend } from './plugin.js';

// Ownership of device memory: buffers follow tfjs data ids (shared by reshape, freed with the
// last tensor), the allocator's live bytes return to their baseline after any amount of work,
// reads in both forms agree, data moves in from other backends, and kernels the device lacks
// run on the host and are counted.

function backend() {
  const cuda = activeCudaBackend();
  if (cuda === undefined) throw new Error(`the active backend ${tf.getBackend()} is not a cuda backend`);
  return cuda;
}

/** One SGD step of a 2-layer tanh MLP on a fixed batch; returns the new parameters. */
function sgdStep(params: tf.Tensor[], x: tf.Tensor, y: tf.Tensor): tf.Tensor[] {
  return tf.tidy(() => {
    const loss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor): tf.Scalar =>
      tf.mean(tf.square(tf.sub(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2), y))) as tf.Scalar;
    const grads = tf.grads(loss)(params);
    return params.map((p, i) => tf.sub(p, tf.mul(0.05, grads[i] as tf.Tensor)));
  });
}

describeOnDevices('device memory', (test) => {
  test('a training loop keeps tensors, data ids and live device bytes flat', async () => {
    const [k1, k2, k3, k4] = splitKey(keyFromSeed(3), 4);
    const x = randomNormal(k1!, [32, 8]);
    const y = randomNormal(k2!, [32, 1]);
    let params = [randomNormal(k3!, [8, 16], 0, 0.3), tf.zeros([16]), randomNormal(k4!, [16, 1], 0, 0.3)];
    params = sgdStep(params, x, y).map((p, i) => (tf.dispose(params[i]), p));
    const before = backend().allocatorMemory();
    const ids = backend().numDataIds();
    await expectNoTensorLeak(() => {
      for (let step = 0; step < 20; step++) {
        const next = sgdStep(params, x, y);
        tf.dispose(params);
        params = next;
      }
    }, 'training loop');
    const after = backend().allocatorMemory();
    expect(backend().numDataIds()).toBe(ids);
    expect(after.liveBytes).toBe(before.liveBytes);
    expect(after.liveBuffers).toBe(before.liveBuffers);
    // The cache serves the loop: allocations after the first step are mostly reuses.
    expect(after.cacheHits - before.cacheHits).toBeGreaterThan(after.deviceMallocs - before.deviceMallocs);
    tf.dispose([x, y, ...params]);
  });

  test('reshape shares the buffer, which lives until its last tensor is disposed', () => {
    const start = backend().allocatorMemory().liveBuffers;
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const r = tf.reshape(x, [3, 2]);
    expect(backend().allocatorMemory().liveBuffers).toBe(start + 1);
    expect(backend().refCount(x.dataId)).toBe(2);
    x.dispose();
    expect(Array.from(r.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    r.dispose();
    expect(backend().allocatorMemory().liveBuffers).toBe(start);
  });

  test('read and readSync agree, also with many reads in flight', async () => {
    const t = tf.range(0, 1000);
    const reads = await Promise.all([t.data(), t.data(), tf.add(t, 1).data()]);
    expect(Array.from(reads[0]!)).toEqual(Array.from(t.dataSync()));
    expect(reads[2]![999]).toBe(1000);
    tf.dispose(t);
  });

  test('tf.memory reports device bytes; time() measures kernels', async () => {
    const a = tf.ones([256, 256]);
    const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    expect(m.numBytesInGPU).toBeGreaterThanOrEqual(256 * 256 * 4);
    const timing = await tf.time(() => tf.dispose(tf.matMul(a, a)));
    expect(timing.kernelMs).toBeGreaterThanOrEqual(0);
    tf.dispose(a);
  });

  test('tensors made on the cpu backend move to the device when used', async () => {
    const device = tf.getBackend();
    await tf.setBackend('cpu');
    const host = tf.tensor1d([1, 2, 3]);
    await tf.setBackend(device);
    const doubled = tf.mul(host, 2);
    expect(Array.from(doubled.dataSync())).toEqual([2, 4, 6]);
    tf.dispose([host, doubled]);
  });

  test('string tensors stay on the host and are refused by device kernels', () => {
    const s = tf.tensor1d(['a', 'bc']);
    expect(s.dataSync()).toEqual(['a', 'bc']);
    expect(() => tf.engine().runKernel('Reverse', { x: s }, { dims: [0] })).toThrow(DerandError);
    s.dispose();
  });

  test('a kernel the device lacks runs on the host, counted, with the cpu result', () => {
    expect(isHostFallback(tf.getBackend(), 'TopK')).toBe(true);
    const before = backend().hostFallbackCalls.get('TopK') ?? 0;
    const { values, indices } = tf.topk(tf.tensor1d([3, 1, 4, 1, 5, 9, 2, 6]), 3);
    expect(Array.from(values.dataSync())).toEqual([9, 6, 5]);
    expect(Array.from(indices.dataSync())).toEqual([5, 7, 4]);
    expect(backend().hostFallbackCalls.get('TopK')).toBe(before + 1);
    tf.dispose([values, indices]);
  });

  test('every buffer is released when the tensors are gone (cache can be emptied)', () => {
    const start = backend().allocatorMemory();
    tf.tidy(() => {
      for (let i = 0; i < 10; i++) tf.matMul(tf.ones([64, 32]), tf.ones([32, 16]));
    });
    const end = backend().allocatorMemory();
    expect(end.liveBytes).toBe(start.liveBytes);
    expect(end.cachedBytes).toBeGreaterThan(0);
    backend().addon.emptyCache();
    expect(backend().allocatorMemory().cachedBytes).toBe(0);
  });
});
