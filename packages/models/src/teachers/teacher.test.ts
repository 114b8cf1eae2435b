import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@derand/backend-wasm';
import { foldIn, keyFromSeed, sampleNormal } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { defineActivation } from '../activations/activation.js';
import { randomOrthonormalRows } from './orthonormal.js';
import { createTeacher } from './teacher.js';

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

function gram(u: Float64Array, k: number, d: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += (u[i * d + c] ?? 0) * (u[j * d + c] ?? 0);
    return s;
  }));
}

describe('orthonormal directions', () => {
  it('are orthonormal to float64 round-off and a pure function of the key', () => {
    const u = randomOrthonormalRows(keyFromSeed(1), 5, 40);
    gram(u, 5, 40).forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (i === j ? 1 : 0))).toBeLessThan(1e-13)));
    expect(Array.from(randomOrthonormalRows(keyFromSeed(1), 5, 40))).toEqual(Array.from(u));
    expect(() => randomOrthonormalRows(keyFromSeed(1), 5, 3)).toThrow(/1 ≤ k ≤ d/);
  });
});

describe('teachers', () => {
  const n = 64;
  const d = 6;
  const x = (): tf.Tensor2D => tf.tensor2d(Float32Array.from(sampleNormal(keyFromSeed(9), n * d)), [n, d]);

  it("the paper's single-index teacher is tanh(u·x) with u = 1/√d", () => {
    const teacher = createTeacher({ inputDim: 2 }, keyFromSeed(0));
    expect(Array.from(teacher.directions)).toEqual([Math.SQRT1_2, Math.SQRT1_2]);
    const xs = tf.tensor2d([[1, 2], [-3, 0.5]]);
    const y = teacher.clean(xs).dataSync();
    expect(y[0]).toBeCloseTo(Math.tanh(3 / Math.SQRT2), 6);
    expect(y[1]).toBeCloseTo(Math.tanh(-2.5 / Math.SQRT2), 6);
    tf.dispose(xs);
    teacher.dispose();
  });

  for (const [link, h] of [
    ['tanh', Math.tanh],
    ['relu', (z: number) => Math.max(z, 0)],
    ['hermite:2:normalized', (z: number) => (z * z - 1) / Math.SQRT2],
  ] as const) {
    for (const reduce of ['mean', 'sum'] as const) {
      it(`multi-index ${link} (${reduce}) matches a float64 evaluation of r(h(Ux))`, () => {
        const teacher = createTeacher({ inputDim: d, k: 3, directions: 'random', link, reduce }, keyFromSeed(2));
        const xs = x();
        const y = teacher.clean(xs).dataSync();
        const xv = xs.dataSync();
        for (let i = 0; i < n; i++) {
          let want = 0;
          for (let j = 0; j < 3; j++) {
            let t = 0;
            for (let c = 0; c < d; c++) t += (teacher.directions[j * d + c] ?? 0) * (xv[i * d + c] ?? 0);
            want += h(t);
          }
          if (reduce === 'mean') want /= 3;
          expect(Math.abs((y[i] ?? NaN) - want)).toBeLessThan(2e-5 * (1 + Math.abs(want)));
        }
        tf.dispose(xs);
        teacher.dispose();
      });
    }
  }

  it('takes a custom link function', () => {
    const sine = defineActivation({ id: 'sine', label: 'sin', smooth: true, apply: (z) => tf.sin(z), derivative: (z) => tf.cos(z) });
    const teacher = createTeacher({ inputDim: 2, directions: 'axes', link: sine }, keyFromSeed(0));
    const xs = tf.tensor2d([[0.5, 3], [-1, 0]]);
    const y = teacher.clean(xs).dataSync();
    expect(y[0]).toBeCloseTo(Math.sin(0.5), 6);
    expect(y[1]).toBeCloseTo(Math.sin(-1), 6);
    expect(teacher.link.label).toBe('sin');
    tf.dispose(xs);
    teacher.dispose();
  });

  it('adds N(0, σ²) label noise from the key, reproducibly', () => {
    const teacher = createTeacher({ inputDim: d, k: 2, directions: 'axes', noise: 0.5 }, keyFromSeed(3));
    const xs = tf.tensor2d(Float32Array.from(sampleNormal(keyFromSeed(4), 20000 * d)), [20000, d]);
    const noisy = teacher.labels(xs, foldIn(keyFromSeed(5), 1));
    const again = teacher.labels(xs, foldIn(keyFromSeed(5), 1));
    const clean = teacher.clean(xs);
    const residual = tf.sub(noisy, clean);
    const variance = tf.mean(tf.square(residual)).dataSync()[0] ?? NaN;
    expect(Math.abs(variance / 0.25 - 1)).toBeLessThan(0.05); // rel. s.e. √(2/20000) = 1 %
    expect(Array.from(again.dataSync())).toEqual(Array.from(noisy.dataSync()));
    tf.dispose([xs, noisy, again, clean, residual]);
    teacher.dispose();
  });

  it('gives sign labels and one-hot argmax classes', () => {
    const signs = createTeacher({ inputDim: d, link: 'linear', directions: 'axes', labels: 'sign' }, keyFromSeed(0));
    const classes = createTeacher({ inputDim: d, k: 3, link: 'linear', directions: 'axes', labels: 'argmax' }, keyFromSeed(0));
    const xs = tf.tensor2d([[0.3, 2, 1, 0, 0, 0], [-0.1, -2, 3, 0, 0, 0]]);
    expect(Array.from(signs.clean(xs).dataSync())).toEqual([1, -1]);
    expect(classes.outputDim).toBe(3);
    expect(Array.from(classes.clean(xs).dataSync())).toEqual([0, 1, 0, 0, 0, 1]);
    tf.dispose(xs);
    signs.dispose();
    classes.dispose();
  });

  it('collects every problem of a bad spec', () => {
    expect(() => createTeacher({ inputDim: 2, k: 3, labels: 'argmax', link: 'tanhh' }, keyFromSeed(0))).toThrow(
      /k: the number of indices cannot exceed[\s\S]*link: Unknown activation 'tanhh'/,
    );
    expect(() => createTeacher({ inputDim: 2, directions: [[1, 1]] }, keyFromSeed(0))).toThrow(/rows must be orthonormal/);
    expect(() => createTeacher({ inputDim: 2, k: 1, labels: 'argmax' }, keyFromSeed(0))).toThrow(/need k ≥ 2/);
  });
});
