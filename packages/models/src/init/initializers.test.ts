import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@derand/backend-wasm';
import { foldIn, keyFromSeed } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { initializerDistribution, initializerValues, initializeTensor, type InitContext } from './initializers.js';

const hidden: InitContext = { role: 'weight', fanIn: 20, fanOut: 500, isOutput: false };
const output: InitContext = { role: 'weight', fanIn: 500, fanOut: 1, isOutput: true };

function moments(values: Float64Array): { mean: number; variance: number; min: number; max: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return { mean, variance: variance / (values.length - 1), min, max };
}

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('initialisers', () => {
  // 200 000 draws: the sample variance has relative standard error √(2/N) ≈ 0.3 %, so 2 % is > 6σ.
  const N = 200_000;
  const cases: [string, Parameters<typeof initializerValues>[0], InitContext, number][] = [
    ['paper hidden weight N(0, 1/fan_in)', 'paper', hidden, 1 / 20],
    ['paper output weight N(0, 1/fan_in²)', 'paper', output, 1 / 500 ** 2],
    ['paper hidden bias N(0, 1/fan_out²)', 'paper', { ...hidden, role: 'bias' }, 1 / 500 ** 2],
    ['glorot-normal', 'glorot-normal', hidden, 2 / 520],
    ['glorot-uniform', 'glorot-uniform', hidden, 2 / 520],
    ['he-normal', 'he-normal', hidden, 2 / 20],
    ['he-uniform', 'he-uniform', hidden, 2 / 20],
    ['lecun-normal', 'lecun-normal', hidden, 1 / 20],
    ['explicit normal', { kind: 'normal', std: 0.3, mean: 1 }, hidden, 0.09],
  ];
  for (const [name, spec, context, variance] of cases) {
    it(`${name} has the stated variance`, () => {
      const m = moments(initializerValues(spec, context, foldIn(keyFromSeed(1), name), N));
      expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.02);
      const dist = initializerDistribution(spec, context);
      const mean = dist.kind === 'normal' ? dist.mean : 0;
      expect(Math.abs(m.mean - mean)).toBeLessThan(6 * Math.sqrt(variance / N));
      if (dist.kind === 'uniform') {
        expect(m.min).toBeGreaterThanOrEqual(dist.low);
        expect(m.max).toBeLessThan(dist.high);
      }
    });
  }

  it('named schemes give zero biases except paper', () => {
    expect(initializerDistribution('he-normal', { ...hidden, role: 'bias' })).toEqual({ kind: 'constant', value: 0 });
    expect(Array.from(initializerValues('zeros', hidden, keyFromSeed(0), 3))).toEqual([0, 0, 0]);
    expect(() => initializerDistribution({ kind: 'uniform', low: 1, high: 0 }, hidden)).toThrow(/low ≤ high/);
  });

  it('is a pure function of the key: same key, same tensor; other key, other tensor', () => {
    const a = initializeTensor('paper', hidden, keyFromSeed(7), [20, 500]);
    const b = initializeTensor('paper', hidden, keyFromSeed(7), [20, 500]);
    const c = initializeTensor('paper', hidden, keyFromSeed(8), [20, 500]);
    expect(a.shape).toEqual([20, 500]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]).toBeGreaterThan(0.1);
    tf.dispose([a, b, c]);
  });
});
