import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldIn, keyFromSeed, sampleNormal } from '@derand/core';
import { relativeError, startTestEngine } from '@derand/core/testing';
import { DISTORTION_SMOOTH_MAX as WASM_DISTORTION_SMOOTH_MAX, wasmBackend } from '@derand/backend-wasm';
import { composedDistortionSmoothMax, DISTORTION_SMOOTH_MAX, distortionSmoothMax } from './smooth-max-weights.js';

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

/** Rows of squared lengths with distortions of a few tenths, the diagonal of an n × n layout masked (scale 0). */
function rows(n: number, s: number, seed: number): { x: Float32Array; scale: Float32Array } {
  const m = n * n;
  const z = sampleNormal(foldIn(keyFromSeed(seed), 'rows'), s * m);
  const scale = Float32Array.from({ length: m }, (_, e) => (Math.floor(e / n) === e % n ? 0 : 0.1 + 0.01 * (e % 7)));
  const x = Float32Array.from({ length: s * m }, (_, t) => (scale[t % m]! > 0 ? (1 + 0.3 * z[t]!) / scale[t % m]! : 0));
  return { x, scale };
}

/** The definition in float64: smax = τ log Σ_items 2cosh(δ/τ) + τ·offset, and ∂smax/∂x. */
function reference(x: Float32Array, scale: Float32Array, s: number, tau: number, offset: number): { smax: number[]; weights: Float64Array } {
  const m = scale.length;
  const weights = new Float64Array(s * m);
  const smax: number[] = [];
  for (let row = 0; row < s; row++) {
    const delta = Array.from({ length: m }, (_, e) => x[row * m + e]! * scale[e]! - 1);
    const top = Math.max(...delta.filter((_, e) => scale[e]! > 0).map(Math.abs));
    let sum = 0;
    for (let e = 0; e < m; e++) if (scale[e]! > 0) sum += 2 * Math.cosh(delta[e]! / tau) * Math.exp(-top / tau);
    smax.push(top + tau * (Math.log(sum) + offset));
    for (let e = 0; e < m; e++) if (scale[e]! > 0) weights[row * m + e] = (scale[e]! * 2 * Math.sinh(delta[e]! / tau) * Math.exp(-top / tau)) / sum;
  }
  return { smax, weights };
}

describe('distortionSmoothMax', () => {
  it('is the kernel that @derand/backend-wasm registers, by name', () => {
    expect(DISTORTION_SMOOTH_MAX).toBe(WASM_DISTORTION_SMOOTH_MAX);
    expect(tf.getKernel(DISTORTION_SMOOTH_MAX, 'wasm')).toBeDefined();
  });

  it.each([
    ['the registered kernel', distortionSmoothMax],
    ['stock ops', composedDistortionSmoothMax],
  ] as const)('by %s: the float64 smooth max and its gradient in x, the masked entries 0', (_name, fn) => {
    const n = 23;
    const s = 3;
    const { x, scale } = rows(n, s, 4);
    const tau = 0.05;
    const offset = Math.log(0.5);
    const want = reference(x, scale, s, tau, offset);
    const got = tf.tidy(() => {
      const { smax, weights, rowScale } = fn(tf.tensor2d(x, [s, n * n]), tf.tensor1d(scale), tau, offset);
      return { smax: Array.from(smax.dataSync()), weights: tf.mul(weights, tf.expandDims(rowScale, 1)).dataSync() as Float32Array };
    });
    got.smax.forEach((v, row) => expect(Math.abs(v - want.smax[row]!) / want.smax[row]!, `row ${row}`).toBeLessThan(2e-6));
    expect(relativeError(got.weights, want.weights)).toBeLessThan(1e-4);
    for (let e = 0; e < n * n; e += n + 1) expect(Math.abs(got.weights[e]!)).toBe(0);
  });

  it('the kernel and the stock ops agree to float32 rounding on a long row', () => {
    const { x, scale } = rows(101, 2, 5);
    const [a, b] = [distortionSmoothMax, composedDistortionSmoothMax].map((fn) =>
      tf.tidy(() => {
        const { smax, weights, rowScale } = fn(tf.tensor2d(x, [2, 101 * 101]), tf.tensor1d(scale), 0.02, 0);
        return { smax: smax.dataSync() as Float32Array, weights: weights.dataSync() as Float32Array, rowScale: rowScale.dataSync() as Float32Array };
      }),
    );
    expect(relativeError(a!.smax, b!.smax)).toBeLessThan(1e-6);
    expect(relativeError(a!.weights, b!.weights)).toBeLessThan(1e-4);
    expect(relativeError(a!.rowScale, b!.rowScale)).toBeLessThan(1e-6);
  });

  it('both write 0, never a subnormal, where (|δ| − max|δ|)/τ < −64, and agree elsewhere', () => {
    // distortions spread over ±0.9 at τ = 0.005: exponents down to about −360
    const { x, scale } = rows(40, 2, 6);
    const spread = Float32Array.from(x, (v, t) => (scale[t % 1600]! > 0 ? (1 + 3 * (v * scale[t % 1600]! - 1)) / scale[t % 1600]! : v));
    const tau = 0.005;
    const [a, b] = [distortionSmoothMax, composedDistortionSmoothMax].map((fn) =>
      tf.tidy(() => {
        const { weights } = fn(tf.tensor2d(spread, [2, 1600]), tf.tensor1d(scale), tau, 0);
        return weights.dataSync() as Float32Array;
      }),
    );
    let flushed = 0;
    for (let row = 0; row < 2; row++) {
      const delta = Array.from({ length: 1600 }, (_, e) => Math.abs(Math.fround(Math.fround(spread[row * 1600 + e]! * scale[e]!) - 1)));
      const top = Math.max(...delta.filter((_, e) => scale[e]! > 0));
      for (let e = 0; e < 1600; e++) {
        if (!(scale[e]! > 0)) continue;
        const exponent = (delta[e]! - top) / tau;
        const t = row * 1600 + e;
        if (exponent < -64.01) {
          flushed++;
          expect(a![t]).toBe(0);
          expect(b![t]).toBe(0);
        } else if (exponent > -63.99) {
          expect(Math.abs(a![t]!), `kernel, entry ${t}`).toBeGreaterThanOrEqual(1.1754944e-38);
          expect(Math.abs(b![t]!), `stock ops, entry ${t}`).toBeGreaterThanOrEqual(1.1754944e-38);
        }
      }
    }
    expect(flushed).toBeGreaterThan(100);
    expect(relativeError(a!, b!)).toBeLessThan(1e-4);
  });
});
