import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoTensorLeak } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { normalCdf, normalPdf, sameSideProbability64 } from './normal-distribution.js';
import { sameSideProbability, sameSideRule } from './same-side-probability.js';

const A = [0.3, -1.2, 0.05, 2.2, -0.7];
const B = [-0.4, -0.9, 0.02, 1.1, 1.5];
const R = [0.6, -0.95, 0.99, -0.2, 0.0];

describe('sameSideProbability (tensor op)', () => {
  beforeAll(async () => {
    await startTestEngine(wasmBackend);
  });

  it('values match the float64 reference', () => {
    const p = tf.tidy(() => sameSideProbability(tf.tensor1d(A), tf.tensor1d(B), tf.tensor1d(R)).arraySync());
    p.forEach((v, k) => expect(v).toBeCloseTo(sameSideProbability64(A[k]!, B[k]!, R[k]!), 6));
  });

  it('the tensor forward pass (32 nodes, no read-back) matches the float64 reference up to |ρ| = 0.9999', () => {
    const a = [...A, 1.3, -2.5, 0.4, 0.0, 3.1];
    const b = [...B, -1.1, -2.4, 0.45, 0.0, 2.9];
    const r = [...R, 0.999, 0.9999, -0.9999, 0.995, -0.97];
    const rule = sameSideRule();
    const p = tf.tidy(() => sameSideProbability(tf.tensor1d(a), tf.tensor1d(b), tf.tensor1d(r), rule).arraySync());
    rule.dispose();
    p.forEach((v, k) => expect(Math.abs(v - sameSideProbability64(a[k]!, b[k]!, r[k]!)), `a=${a[k]}, b=${b[k]}, ρ=${r[k]}`).toBeLessThan(2e-6));
  });

  it('gradients match float64 central differences of the reference', () => {
    const grads = tf.tidy(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor, r: tf.Tensor) => tf.sum(sameSideProbability(a as tf.Tensor1D, b as tf.Tensor1D, r as tf.Tensor1D)))([
        tf.tensor1d(A),
        tf.tensor1d(B),
        tf.tensor1d(R),
      ]).map((g) => g.arraySync() as number[]),
    );
    const h = 1e-5;
    A.forEach((_, k) => {
      const fd = (da: number, db: number, dr: number): number =>
        (sameSideProbability64(A[k]! + da, B[k]! + db, R[k]! + dr) - sameSideProbability64(A[k]! - da, B[k]! - db, R[k]! - dr)) / (2 * h);
      expect(grads[0]![k]!).toBeCloseTo(fd(h, 0, 0), 5);
      expect(grads[1]![k]!).toBeCloseTo(fd(0, h, 0), 5);
      expect(grads[2]![k]!).toBeCloseTo(fd(0, 0, h), 4);
    });
  });

  it('its gradient can be differentiated again (second derivatives against finite differences)', () => {
    // ∂²P/∂a∂ρ = ∂/∂a [2φ₂(a, b; ρ)]; and ∂²P/∂a² from the closed-form first derivative
    const [dAdRho, dAdA] = tf.tidy(() => {
      const a = tf.tensor1d(A);
      const b = tf.tensor1d(B);
      const r = tf.tensor1d(R);
      const dRho = (x: tf.Tensor): tf.Scalar => tf.sum(tf.grad((rr: tf.Tensor) => tf.sum(sameSideProbability(x as tf.Tensor1D, b, rr as tf.Tensor1D)))(r)) as tf.Scalar;
      const dA = (x: tf.Tensor): tf.Scalar => tf.sum(tf.grad((aa: tf.Tensor) => tf.sum(sameSideProbability(aa as tf.Tensor1D, b, r)))(x)) as tf.Scalar;
      return [tf.grad(dRho)(a).arraySync() as number[], tf.grad(dA)(a).arraySync() as number[]];
    });
    const phi2 = (a: number, b: number, r: number): number =>
      Math.exp(-(a * a - 2 * r * a * b + b * b) / (2 * (1 - r * r))) / (2 * Math.PI * Math.sqrt(1 - r * r));
    const pa = (a: number, b: number, r: number): number => normalPdf(a) * (2 * normalCdf((b - r * a) / Math.sqrt(1 - r * r)) - 1);
    const h = 1e-5;
    A.forEach((a, k) => {
      expect(dAdRho[k]!).toBeCloseTo((2 * phi2(a + h, B[k]!, R[k]!) - 2 * phi2(a - h, B[k]!, R[k]!)) / (2 * h), 3);
      expect(dAdA[k]!).toBeCloseTo((pa(a + h, B[k]!, R[k]!) - pa(a - h, B[k]!, R[k]!)) / (2 * h), 3);
    });
  });

  it('leaves no tensors behind', async () => {
    await expectNoTensorLeak(() => {
      for (let i = 0; i < 5; i++) tf.tidy(() => void tf.grad((r: tf.Tensor) => tf.sum(sameSideProbability(tf.tensor1d(A), tf.tensor1d(B), r as tf.Tensor1D)))(tf.tensor1d(R)).dataSync());
    }, 'sameSideProbability');
  });
});
