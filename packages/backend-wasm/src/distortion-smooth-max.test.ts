import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoTensorLeak, foldIn, keyFromSeed, sampleNormal, startEngine } from '@derand/core';
import { DISTORTION_SMOOTH_MAX, distortionSmoothMaxSupported } from './kernels/DistortionSmoothMax.js';
import { wasmBackend } from './wasm-backend.js';

/** The definition in float64: smax = τ log Σ_{scale>0} (e^{δ/τ} + e^{−δ/τ}) + τ·offset and its gradient in x. */
function reference(x: Float64Array, scale: Float64Array, rows: number, tau: number, offset: number): { smax: number[]; weights: Float64Array } {
  const m = scale.length;
  const smax: number[] = [];
  const weights = new Float64Array(rows * m);
  for (let s = 0; s < rows; s++) {
    const delta = Array.from({ length: m }, (_, e) => x[s * m + e]! * scale[e]! - 1);
    let top = 0;
    for (let e = 0; e < m; e++) if (scale[e]! > 0) top = Math.max(top, Math.abs(delta[e]!));
    let sum = 0;
    for (let e = 0; e < m; e++) if (scale[e]! > 0) sum += Math.exp((delta[e]! - top) / tau) + Math.exp((-delta[e]! - top) / tau);
    smax.push(top + tau * (Math.log(sum) + offset));
    for (let e = 0; e < m; e++) if (scale[e]! > 0) weights[s * m + e] = (scale[e]! * (Math.exp((delta[e]! - top) / tau) - Math.exp((-delta[e]! - top) / tau))) / sum;
  }
  return { smax, weights };
}

/** The kernel's three outputs; `weights` is the gradient, rowScale_s·raw_se, formed here in float64. */
function run(x: Float32Array, scale: Float32Array, rows: number, temperature: number, offset: number): { smax: Float32Array; weights: Float64Array; raw: Float32Array; rowScale: Float32Array } {
  const out = tf.tidy(() => {
    const [smax, raw, rowScale] = tf.engine().runKernel(DISTORTION_SMOOTH_MAX, { x: tf.tensor2d(x, [rows, scale.length]), scale: tf.tensor1d(scale) }, { temperature, offset }) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
    return { smax: smax.dataSync() as Float32Array, raw: raw.dataSync() as Float32Array, rowScale: rowScale.dataSync() as Float32Array };
  });
  const m = scale.length;
  return { ...out, weights: Float64Array.from(out.raw, (w, t) => w * out.rowScale[Math.floor(t / m)]!) };
}

/** Squared lengths around 1/scale (distortions of a few tenths) with a masked diagonal, as the exact-pairs Gram form gives them. */
function gramLike(n: number, rows: number, spread: number, seed: number): { x: Float32Array; scale: Float32Array } {
  const m = n * n;
  const z = sampleNormal(foldIn(keyFromSeed(seed), 'x'), rows * m + m);
  const scale = Float32Array.from({ length: m }, (_, e) => (Math.floor(e / n) === e % n ? 0 : 0.05 * (1 + 0.5 * Math.abs(z[rows * m + e]!))));
  const x = Float32Array.from({ length: rows * m }, (_, t) => (scale[t % m]! > 0 ? (1 + spread * z[t]!) / scale[t % m]! : Math.abs(z[t]!) * 1e-3));
  return { x, scale };
}

describe('the vectorised JL smooth-max kernel', () => {
  beforeAll(async () => {
    await startEngine({ backend: wasmBackend });
  });

  it('is registered on wasm with SIMD', () => {
    expect(distortionSmoothMaxSupported()).toBe(true);
    expect(tf.getKernel(DISTORTION_SMOOTH_MAX, 'wasm')).toBeDefined();
  });

  it.each([
    // n·n entries per row: 49 (a tail of 1), 64, 150 × 150 = 22 500 (rows past 4-float alignment)
    [7, 3, 0.3, 0.2],
    [8, 2, 0.05, 0.01],
    [150, 4, 0.2, 0.05],
    [30, 2, 2.0, 0.005],
  ])('matches float64 on Gram-like rows (n = %i, S = %i, spread %f, τ = %f), the diagonal left out', (n, rows, spread, tau) => {
    const { x, scale } = gramLike(n, rows, spread, n);
    const offset = Math.log(0.5);
    const got = run(x, scale, rows, tau, offset);
    const want = reference(Float64Array.from(x), Float64Array.from(scale), rows, tau, offset);
    let worst = 0;
    let biggest = 0;
    for (let s = 0; s < rows; s++) {
      expect(Math.abs(got.smax[s]! - want.smax[s]!) / Math.abs(want.smax[s]!), `smax row ${s}`).toBeLessThan(3e-6);
      for (let e = 0; e < n * n; e++) {
        const t = s * n * n + e;
        worst = Math.max(worst, Math.abs(got.weights[t]! - want.weights[t]!));
        biggest = Math.max(biggest, Math.abs(want.weights[t]!));
        if (scale[e] === 0) expect(got.weights[t]).toBe(0);
      }
    }
    // relative to the largest weight: float32 exponentials of arguments up to |δ|/τ
    expect(worst / biggest).toBeLessThan(2e-5 * Math.max(1, spread / tau));
    expect(biggest).toBeGreaterThan(0);
    // no subnormal weight: an entry is 0 exactly where (|δ| − max|δ|)/τ < −64 (or not an item), else a normal float
    let flushed = 0;
    for (let s = 0; s < rows; s++) {
      const deltas = Array.from({ length: n * n }, (_, e) => Math.abs(Math.fround(Math.fround(x[s * n * n + e]! * scale[e]!) - 1)));
      const top = Math.max(...deltas.filter((_, e) => scale[e]! > 0));
      for (let e = 0; e < n * n; e++) {
        const w = Math.abs(got.raw[s * n * n + e]!);
        const exponent = (deltas[e]! - top) / tau;
        if (scale[e]! > 0 && exponent < -64.01) flushed++;
        if (scale[e]! > 0 && exponent < -64.01) expect(w).toBe(0);
        else if (scale[e]! > 0 && exponent > -63.99) expect(w, `entry ${e}`).toBeGreaterThanOrEqual(1.1754944e-38);
      }
    }
    if (spread / tau > 64) expect(flushed).toBeGreaterThan(0);
  });

  it('is NaN where a row holds a NaN, and only in that row; a row without items gives weights 0', () => {
    const { x, scale } = gramLike(6, 2, 0.3, 1);
    x[36 + 8] = NaN; // row 1, pair (1, 2)
    const got = run(x, scale, 2, 0.1, 0);
    expect(Number.isFinite(got.smax[0]!)).toBe(true);
    expect(Number.isNaN(got.smax[1]!)).toBe(true);
    expect(got.weights.slice(0, 36).every(Number.isFinite)).toBe(true);
    expect(Number.isNaN(got.rowScale[1]!)).toBe(true);
    expect(got.weights.slice(36).every(Number.isNaN)).toBe(true);
    const none = run(Float32Array.of(1, 2, 3, 4, 5), new Float32Array(5), 1, 0.1, 0);
    expect(Array.from(none.weights)).toEqual([0, 0, 0, 0, 0]);
    expect(none.rowScale[0]).toBe(0);
  });

  it('refuses a bad temperature or shape, naming it, and leaks no tensors', async () => {
    const x = tf.ones([2, 5]);
    expect(() => tf.engine().runKernel(DISTORTION_SMOOTH_MAX, { x, scale: tf.ones([4]) }, { temperature: 0.1, offset: 0 })).toThrow(/scale \[m\] expected/);
    expect(() => tf.engine().runKernel(DISTORTION_SMOOTH_MAX, { x, scale: tf.ones([5]) }, { temperature: 0, offset: 0 })).toThrow(/temperature must be > 0/);
    const { x: xs, scale } = gramLike(20, 4, 0.3, 2);
    await expectNoTensorLeak(() => {
      run(xs, scale, 4, 0.1, 0);
    }, 'smooth-max kernel');
    x.dispose();
  });
});
