import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashString, keyFromSeed } from '../random/key.js';
import { randomNormal, randomUniform } from '../random/kernels.js';
import { sampleNormal, sampleUniform } from '../random/sample.js';
import { conformanceCases, type ConformanceCase } from './conformance-cases.js';
import { NdArray } from './ndarray.js';

/** A backend under test: `setup` activates it and returns a reason to skip, or undefined. */
export interface ConformanceTarget {
  readonly id: string;
  readonly setup: () => Promise<string | undefined>;
}

const FD_STEP = 1e-5;
const DIRECTIONS = 3;
const ELEMENTWISE_FD_LIMIT = 64;

interface PreparedInputs {
  readonly arrays: NdArray[];
  readonly floatIndices: number[];
}

function prepare(c: ConformanceCase): PreparedInputs {
  const key = keyFromSeed(hashString(c.name));
  const arrays = c.inputs.map((input, i) => {
    if (input.values !== undefined) return NdArray.of(input.shape, input.values);
    const [lo, hi] = input.range ?? [-1, 1];
    const size = input.shape.reduce((a, b) => a * b, 1);
    const u = sampleUniform(keyFromSeed((hashString(`${c.name}#${i}`) ^ key.k0) >>> 0), size, lo, hi);
    return NdArray.of(input.shape, u.map(Math.fround));
  });
  const floatIndices = c.inputs.flatMap((input, i) => ((input.dtype ?? 'float32') === 'float32' ? [i] : []));
  return { arrays, floatIndices };
}

function toTensor(c: ConformanceCase, arrays: NdArray[], i: number): tf.Tensor {
  const input = c.inputs[i];
  const array = arrays[i] as NdArray;
  return tf.tensor(Array.from(array.data), [...array.shape], input?.dtype ?? 'float32');
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const excess = Math.abs((got[i] ?? NaN) - (want[i] ?? NaN)) / (1 + Math.abs(want[i] ?? 0));
    if (!(excess <= worst)) {
      worst = excess;
      at = i;
    }
  }
  expect(worst, `${what}: worst relative error ${worst} at index ${at} (got ${got[at]}, want ${want[at]})`).toBeLessThanOrEqual(tol);
}

function weightedReference(c: ConformanceCase, arrays: NdArray[], weights: Float64Array): number {
  const out = c.reference(...arrays);
  let s = 0;
  for (let i = 0; i < out.data.length; i++) s += (out.data[i] ?? 0) * (weights[i] ?? 0);
  return s;
}

function shifted(arrays: NdArray[], index: number, direction: Float64Array, h: number): NdArray[] {
  return arrays.map((a, i) => (i === index ? new NdArray(a.shape, a.data.map((v, k) => v + h * (direction[k] ?? 0))) : a));
}

function checkGradient(c: ConformanceCase, prepared: PreparedInputs, tolerance: number): void {
  const { arrays, floatIndices } = prepared;
  const outShape = c.reference(...arrays).shape;
  const outSize = outShape.reduce((a, b) => a * b, 1);
  const weights = sampleUniform(keyFromSeed(hashString(`${c.name}/w`)), outSize, -1, 1).map(Math.fround);
  const grads = tf.tidy(() => {
    const constants = arrays.map((_, i) => (floatIndices.includes(i) ? null : toTensor(c, arrays, i)));
    const w = tf.tensor(Array.from(weights), [...outShape]);
    const f = (...xs: tf.Tensor[]): tf.Scalar => {
      const all = constants.map((t, i) => t ?? (xs[floatIndices.indexOf(i)] as tf.Tensor));
      return tf.sum(tf.mul(c.op(tf, ...all), w));
    };
    return tf.grads(f)(floatIndices.map((i) => toTensor(c, arrays, i))).map((g) => g.dataSync());
  });
  floatIndices.forEach((inputIndex, k) => {
    const g = grads[k] as Float32Array;
    const size = (arrays[inputIndex] as NdArray).data.length;
    const gScale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    if (size <= ELEMENTWISE_FD_LIMIT) {
      const fd = new Float64Array(size);
      for (let e = 0; e < size; e++) {
        const unit = new Float64Array(size);
        unit[e] = 1;
        const plus = weightedReference(c, shifted(arrays, inputIndex, unit, FD_STEP), weights);
        const minus = weightedReference(c, shifted(arrays, inputIndex, unit, -FD_STEP), weights);
        fd[e] = (plus - minus) / (2 * FD_STEP);
      }
      const worst = fd.reduce((m, v, e) => Math.max(m, Math.abs((g[e] ?? NaN) - v)), 0);
      expect(worst, `gradient of input ${inputIndex}: max |tfjs − FD| ${worst}`).toBeLessThanOrEqual(tolerance * Math.max(1, gScale));
    } else {
      for (let d = 0; d < DIRECTIONS; d++) {
        const v = sampleUniform(keyFromSeed(hashString(`${c.name}/v${d}/${inputIndex}`)), size, -1, 1);
        const plus = weightedReference(c, shifted(arrays, inputIndex, v, FD_STEP), weights);
        const minus = weightedReference(c, shifted(arrays, inputIndex, v, -FD_STEP), weights);
        const fd = (plus - minus) / (2 * FD_STEP);
        let dot = 0;
        let scale = 0;
        g.forEach((gi, e) => {
          dot += gi * (v[e] ?? 0);
          scale += Math.abs(gi * (v[e] ?? 0));
        });
        expect(Math.abs(dot - fd), `directional derivative ${d} of input ${inputIndex}`).toBeLessThanOrEqual(tolerance * Math.max(1, scale));
      }
    }
  });
}

function backendDataIds(): number {
  return tf.engine().backend.numDataIds();
}

/** Runs one case on the active backend; throws on mismatch or leak. */
export function runConformanceCase(c: ConformanceCase): void {
  const tensorsBefore = tf.memory().numTensors;
  const idsBefore = backendDataIds();
  const prepared = prepare(c);
  const want = c.reference(...prepared.arrays);
  const got = tf.tidy(() => {
    const out = c.op(tf, ...prepared.arrays.map((_, i) => toTensor(c, prepared.arrays, i)));
    expect(out.shape, `${c.name}: shape`).toEqual([...want.shape]);
    return out.dataSync();
  });
  expectClose(got, want.data, c.tol ?? 2e-6, c.name);
  if (c.grad !== undefined && c.grad !== false) checkGradient(c, prepared, c.grad === true ? 2e-4 : c.grad);
  expect(tf.memory().numTensors, `${c.name}: leaked tensors`).toBe(tensorsBefore);
  expect(backendDataIds(), `${c.name}: leaked backend buffers`).toBe(idsBefore);
}

/** Statistics and keyed reproducibility of the random kernels on the active backend. */
export function runRandomConformance(): void {
  const before = tf.memory().numTensors;
  const key = keyFromSeed(2024);
  const n = 100_000;
  const z = randomNormal(key, [n / 100, 100], 0.5, 2);
  const values = z.dataSync();
  let mean = 0;
  let sq = 0;
  for (const v of values) {
    mean += v;
    sq += v * v;
  }
  mean /= n;
  const variance = sq / n - mean * mean;
  expect(Math.abs(mean - 0.5)).toBeLessThan(0.03); // 5 standard errors (2/√n = 0.0063)
  expect(Math.abs(variance - 4)).toBeLessThan(0.1); // ≈ 5 standard errors (4√(2/n) = 0.018)
  expectClose(values.subarray(0, 1000), sampleNormal(key, 1000, 0.5, 2), 1e-5, 'randomNormal vs host stream');
  const u = randomUniform(key, [1000], -1, 1);
  expectClose(u.dataSync(), sampleUniform(key, 1000, -1, 1), 1e-6, 'randomUniform vs host stream');
  tf.dispose([z, u]);
  expect(tf.memory().numTensors).toBe(before);
}

/**
 * Declares the backend conformance suite (vitest): every row of {@link conformanceCases},
 * plus the random kernels, on every target. A target that is unavailable skips each test with
 * its reason instead of passing.
 */
export function describeBackendConformance(targets: readonly ConformanceTarget[], cases = conformanceCases): void {
  for (const target of targets) {
    describe(`backend conformance: ${target.id}`, () => {
      let skipReason: string | undefined;
      beforeAll(async () => {
        skipReason = await target.setup();
      });
      for (const c of cases) {
        it(`${c.group}: ${c.name}`, (context) => {
          if (skipReason !== undefined) return context.skip(skipReason);
          runConformanceCase(c);
        });
      }
      it('random: normal statistics and keyed streams', (context) => {
        if (skipReason !== undefined) return context.skip(skipReason);
        runRandomConformance();
      });
    });
  }
}
