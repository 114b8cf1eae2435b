import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '@derand/core';
import { SOFTPLUS_WITH_DERIVATIVE, softplusWithDerivative, softplusWithDerivativeSupported } from './kernels/SoftplusWithDerivative.js';
import { wasmBackend } from './wasm-backend.js';

/** float32 units in the last place at |v|. */
function ulp(v: number): number {
  const f = new Float32Array([Math.abs(v)]);
  const bits = new Uint32Array(f.buffer);
  const a = f[0]!;
  bits[0]! += 1;
  return f[0]! - a;
}
const softplus64 = (t: number): number => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
const sigmoid64 = (t: number): number => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t)));

describe('the vectorised softplus kernel', () => {
  beforeAll(async () => {
    await startEngine({ backend: wasmBackend });
  });

  it('is within 3.2 ulp (value) and 2.7 ulp (σ) of float64 for |t| ≤ 39 (400 001 points)', () => {
    expect(softplusWithDerivativeSupported()).toBe(true);
    const n = 400_001;
    const t = Float32Array.from({ length: n }, (_, i) => -39 + (78 * i) / (n - 1));
    const value = new Float32Array(n);
    const derivative = new Float32Array(n);
    softplusWithDerivative(t, value, derivative);
    let worstValue = 0;
    let worstDerivative = 0;
    for (let i = 0; i < n; i++) {
      worstValue = Math.max(worstValue, Math.abs(value[i]! - softplus64(t[i]!)) / ulp(softplus64(t[i]!)));
      worstDerivative = Math.max(worstDerivative, Math.abs(derivative[i]! - sigmoid64(t[i]!)) / ulp(sigmoid64(t[i]!)));
    }
    expect(worstValue).toBeLessThanOrEqual(3.2);
    expect(worstDerivative).toBeLessThanOrEqual(2.7);
    // the measurement measured something: the value spans [e^-39, 39]
    expect(worstValue).toBeGreaterThan(0);
  });

  it('is within 5e-18 beyond ±39, exact at ±∞ and 0, NaN for NaN, and takes any length', () => {
    const t = Float32Array.from([-1e30, -1000, -40, 40, 1000, 3e38, -Infinity, Infinity, 0, -0, NaN]);
    const value = new Float32Array(t.length);
    const derivative = new Float32Array(t.length);
    softplusWithDerivative(t, value, derivative);
    for (let i = 0; i < 7; i++) {
      expect(Math.abs(value[i]! - softplus64(t[i]!)), `softplus(${t[i]})`).toBeLessThanOrEqual(5e-18);
      expect(Math.abs(derivative[i]! - sigmoid64(t[i]!)), `σ(${t[i]})`).toBeLessThanOrEqual(5e-18);
    }
    expect(value[7]).toBe(Infinity);
    expect(value[8]).toBe(Math.fround(Math.LN2));
    expect(value[9]).toBe(Math.fround(Math.LN2));
    expect(derivative[8]).toBe(0.5);
    expect(Number.isNaN(value[10]!) && Number.isNaN(derivative[10]!)).toBe(true);
    for (const length of [1, 2, 3, 5, 1001]) {
      const x = Float32Array.from({ length }, (_, i) => i / 7 - 3);
      const v = new Float32Array(length);
      const d = new Float32Array(length);
      softplusWithDerivative(x, v, d);
      const worst = Math.max(...Array.from(v, (vi, i) => Math.abs(vi - softplus64(x[i]!)) / ulp(softplus64(x[i]!))));
      expect(worst, `length ${length}`).toBeLessThanOrEqual(3.2);
    }
  });

  it('runs as a wasm kernel with two outputs, agreeing with the stock composition, without leaking', () => {
    expect(tf.getKernel(SOFTPLUS_WITH_DERIVATIVE, 'wasm')).toBeDefined();
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([50, 1000], 0, 3, 'float32', 7);
    const [value, derivative] = tf.engine().runKernel(SOFTPLUS_WITH_DERIVATIVE, { x }) as unknown as [tf.Tensor, tf.Tensor];
    expect(value.shape).toEqual([50, 1000]);
    const stockValue = tf.tidy(() => tf.sub(tf.relu(x), tf.log(tf.sigmoid(tf.abs(x)))));
    const stockDerivative = tf.sigmoid(x);
    const [v, d, sv, sd, xs] = [value, derivative, stockValue, stockDerivative, x].map((t) => t.dataSync());
    let worst = 0;
    let worstUlp = 0;
    for (let i = 0; i < v!.length; i++) {
      worst = Math.max(worst, Math.abs(v![i]! - sv![i]!) / (1e-6 * Math.abs(sv![i]!) + 1e-7), Math.abs(d![i]! - sd![i]!) / (1e-6 * Math.abs(sd![i]!) + 1e-7));
      worstUlp = Math.max(worstUlp, Math.abs(v![i]! - softplus64(xs![i]!)) / ulp(softplus64(xs![i]!)));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(worstUlp).toBeLessThanOrEqual(3.2);
    tf.dispose([x, value, derivative, stockValue, stockDerivative]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs in place on the backend memory for whole blocks of 16 and through the copying path for the rest', () => {
    for (const shape of [[3], [16], [7, 13], [2, 40]]) {
      const size = shape.reduce((p, d) => p * d, 1);
      const x = tf.tensor(Float32Array.from({ length: size }, (_, i) => ((i * 37) % 101) / 5 - 10), shape);
      const [value, derivative] = tf.engine().runKernel(SOFTPLUS_WITH_DERIVATIVE, { x }) as unknown as [tf.Tensor, tf.Tensor];
      const [xs, v, d] = [x, value, derivative].map((t) => t.dataSync());
      let worstValue = 0;
      let worstDerivative = 0;
      for (let i = 0; i < size; i++) {
        worstValue = Math.max(worstValue, Math.abs(v![i]! - softplus64(xs![i]!)) / ulp(softplus64(xs![i]!)));
        worstDerivative = Math.max(worstDerivative, Math.abs(d![i]! - sigmoid64(xs![i]!)) / ulp(sigmoid64(xs![i]!)));
      }
      expect(value.shape, shape.join('×')).toEqual(shape);
      expect(worstValue, shape.join('×')).toBeLessThanOrEqual(3.2);
      expect(worstDerivative, shape.join('×')).toBeLessThanOrEqual(2.7);
      tf.dispose([x, value, derivative]);
    }
  });
});
