import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFromSeed } from '../random/key.js';
import { startTestEngine } from '../testing/test-engine.js';
import { curvatureBound } from './curvature-bound.js';

beforeAll(async () => {
  await startTestEngine();
});

describe('curvatureBound', () => {
  it('is the spectral norm of A for the quadratic ½yᵀAy (A indefinite, not diagonal)', () => {
    // A = [[1, 2], [2, -3]]: eigenvalues −1 ± 2√2, so ‖A‖₂ = 1 + 2√2.
    const A = tf.tensor2d([[1, 2], [2, -3]]);
    const g = (y: tf.Tensor2D): tf.Tensor1D => tf.tidy(() => tf.mul(0.5, tf.sum(tf.mul(tf.matMul(y, A), y), 1)));
    expect(curvatureBound(g, {}, 2, { key: keyFromSeed(1), samples: 64 })).toBeCloseTo(1 + 2 * Math.SQRT2, 4);
    A.dispose();
  });

  it('approaches sup σ′ = 1/4 for Σ softplus(y_i) from below', () => {
    const g = (y: tf.Tensor2D): tf.Tensor1D => tf.tidy(() => tf.sum(tf.softplus(y), 1));
    const L = curvatureBound(g, {}, 3, { key: keyFromSeed(2), samples: 4096, radius: 1 });
    expect(L).toBeLessThanOrEqual(0.25 + 1e-6);
    expect(L).toBeGreaterThan(0.249);
  });

  it('leaks no tensors', () => {
    const g = (y: tf.Tensor2D): tf.Tensor1D => tf.tidy(() => tf.sum(tf.tanh(y), 1));
    const before = tf.memory().numTensors;
    curvatureBound(g, {}, 2, { key: keyFromSeed(3), samples: 32 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
