import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { describeOnDevices } from '../test/targets.js';
import { activeCudaBackend } from './plugin.js';
import { deviceKernelNames } from './register.js';

describeOnDevices('host fallbacks', (test, target) => {
  test('a watcher hears each falling-back kernel once, every call is still counted, and unsubscribing stops it', () => {
    const heard: string[] = [];
    const stop = target.watchHostFallbacks!((name) => heard.push(name));
    const cuda = activeCudaBackend()!;
    const before = { TopK: cuda.hostFallbackCalls.get('TopK') ?? 0, Einsum: cuda.hostFallbackCalls.get('Einsum') ?? 0 };
    tf.tidy(() => {
      const x = tf.tensor1d([3, 1, 2]);
      const m = tf.tensor2d([1, 2, 3, 4], [2, 2]);
      for (let i = 0; i < 3; i++) tf.topk(x, 2).values.dataSync();
      tf.einsum('ij,jk->ik', m, m).dataSync();
      tf.topk(x, 1).values.dataSync();
      tf.add(x, 1).dataSync(); // a device kernel: not heard
    });
    expect(heard).toEqual(['TopK', 'Einsum']);
    expect((cuda.hostFallbackCalls.get('TopK') ?? 0) - before.TopK).toBe(4);
    expect((cuda.hostFallbackCalls.get('Einsum') ?? 0) - before.Einsum).toBe(1);
    stop();
    tf.tidy(() => void tf.topk(tf.tensor1d([1, 2]), 1).values.dataSync());
    expect(heard).toEqual(['TopK', 'Einsum']);
  });

  test('lists, without running anything, the cpu kernels the device lacks', async () => {
    const listed = await target.hostFallbackKernels!();
    const cpu = tf.getKernelsForBackend('cpu').map((k) => k.kernelName);
    expect(listed).toEqual(cpu.filter((name) => !deviceKernelNames.includes(name)).sort());
    expect(listed).toEqual(expect.arrayContaining(['TopK', 'Einsum']));
    expect(listed.filter((name) => deviceKernelNames.includes(name))).toEqual([]);
  });
});
