import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adam, applyUpdates, keyFromSeed, sampleNormal, type UpdateContext } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { adamKernel, adamLayouts, adamMemory } from './adam-wasm.js';

describe('the float32 WebAssembly Adam update', () => {
  beforeAll(async () => {
    await startTestEngine('cpu');
  });

  it("reproduces the core's tensor Adam (penalty gradient, moments, bias corrections, step) bit for bit", () => {
    const size = 301;
    const lambda = 3e-3;
    const settings = { learningRate: 0.2, b1: 0.85, b2: 0.995, eps: 1e-7 };
    const optimizer = adam(settings);
    expect(optimizer.plainAdam).toEqual(settings);
    // two workspaces in one memory, as the rounding lays out V and μ; the second one is the one tested
    const { layouts, bytes } = adamLayouts([5, size]);
    const layout = layouts[1]!;
    const memory = adamMemory(bytes, false);
    const update = adamKernel(memory, false);
    const kernel = { params: new Float32Array(memory.buffer, layout.params, size), grad: new Float64Array(memory.buffer, layout.grad, size) };
    const start = Float32Array.from(sampleNormal(keyFromSeed(1), size));
    kernel.params.set(start);
    let params = { W: tf.tensor1d(start) };
    let state = optimizer.init(params);
    for (let step = 0; step < 25; step++) {
      // gradients spanning many magnitudes, with exact zeros, as float64 (the host pass's output)
      const grad = sampleNormal(keyFromSeed(100 + step), size).map((g, k) => (k % 17 === 0 ? 0 : g * 10 ** ((k % 9) - 6)));
      kernel.grad.set(grad);
      update(layout, step + 1, 2 * lambda, settings, 0, size);
      const grads = tf.tidy(() => ({ W: tf.add(tf.tensor1d(Float32Array.from(grad)), tf.mul(params.W, 2 * lambda)) }));
      const context = { params, step, key: keyFromSeed(step), value: () => NaN, gradNorm: () => NaN, gradNormOf: () => NaN } as unknown as UpdateContext;
      const result = optimizer.update(grads, state, context);
      const next = applyUpdates(params, result.updates);
      tf.dispose([params.W, grads.W, ...Object.values(result.updates)]);
      params = next as { W: tf.Tensor1D };
      state = result.state;
      const expected = params.W.dataSync();
      const got = kernel.params;
      for (let k = 0; k < size; k++) if (!Object.is(got[k], expected[k])) expect.fail(`step ${step}, entry ${k}: wasm ${got[k]} ≠ tensor ${expected[k]}`);
    }
    // the parameters moved, so the comparison above compared something
    expect(Math.max(...kernel.params.map((x, k) => Math.abs(x - start[k]!)))).toBeGreaterThan(0.5);
    tf.dispose(params.W);
  });

  it('is marked plain only for one constant step size without groups or perturbation', () => {
    expect(adam({ learningRate: 0.1 }).plainAdam).toEqual({ learningRate: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8 });
    expect(adam({ learningRate: (t: number) => 0.1 / (1 + t) }).plainAdam).toBeUndefined();
    expect(adam({ learningRate: 0.1, groups: { W: { learningRate: 0.2 } } }).plainAdam).toBeUndefined();
    expect(adam({ learningRate: 0.1, perturb: { std: 0.01 } }).plainAdam).toBeUndefined();
  });
});
