import * as tf from '@tensorflow/tfjs-core';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldIn, keyFromSeed, randomNormal, randomUniform, startEngine } from '@derand/core';
import { DISTORTION_SMOOTH_MAX } from './kernels/DistortionSmoothMax.js';
import { PAIR_HEAD_JOIN, PAIR_HEAD_START, pairHeadFallback, THREAD_MATMUL_JOIN, THREAD_MATMUL_START } from './pair-head/pair-head-threads.js';
import { wasmBackend } from './wasm-backend.js';

/** Gram-form operands of S samples of n points in R^k (left [S, n, k + 2], right [S, k + 2, n]) and pair scales [n·n] with a zero diagonal. */
function operands(s: number, n: number, k: number, seed: number): { left: tf.Tensor3D; right: tf.Tensor3D; scale: tf.Tensor1D } {
  return tf.tidy(() => {
    const key = keyFromSeed(seed);
    const p = randomNormal<tf.Rank.R3>(foldIn(key, 'p'), [s, n, k]);
    const sq = tf.sum<tf.Tensor3D>(tf.square(p), 2, true);
    const one = tf.onesLike(sq);
    const left = tf.concat([p, sq, one], 2);
    const right = tf.transpose(tf.concat([tf.mul<tf.Tensor3D>(p, -2), one, sq], 2), [0, 2, 1]);
    const scale = tf.mul<tf.Tensor1D>(randomUniform(foldIn(key, 's'), [n * n], 0.04, 0.06), tf.reshape(tf.sub(1, tf.eye(n)), [n * n]));
    return { left, right, scale };
  });
}

/** The same head from the stock path on this thread: XNNPACK matmuls and the smooth-max kernel. */
function stockHead(left: tf.Tensor3D, right: tf.Tensor3D, scale: tf.Tensor1D, temperature: number, offset: number): [Float32Array, Float32Array, Float32Array] {
  return tf.tidy(() => {
    const [s, n] = left.shape;
    const [smax, weights, rowScale] = tf.engine().runKernel(DISTORTION_SMOOTH_MAX, { x: tf.reshape(tf.matMul(left, right), [s, n * n]), scale }, { temperature, offset }) as unknown as tf.Tensor[];
    const product = tf.matMul(tf.reshape<tf.Rank.R3>(weights!, [s, n, n]), left);
    return [smax!.dataSync() as Float32Array, rowScale!.dataSync() as Float32Array, product.dataSync() as Float32Array];
  });
}

describe('the JL pair head on a worker thread', () => {
  const available = availableParallelism() >= 2;
  let data: ReturnType<typeof operands>;
  beforeAll(async () => {
    await startEngine({ backend: wasmBackend });
    data = operands(2, 600, 6, 3);
  });
  afterAll(() => tf.dispose([data.left, data.right, data.scale]));

  it(`is registered on wasm exactly where two cores and worker threads are (here: ${availableParallelism()} cores)`, () => {
    for (const name of [PAIR_HEAD_START, PAIR_HEAD_JOIN, THREAD_MATMUL_START, THREAD_MATMUL_JOIN]) expect(tf.getKernel(name, 'wasm') !== undefined, name).toBe(available);
  });

  it.runIf(available)('runs a matmul on the worker with the stock (XNNPACK) results bit for bit, a constant A copied once, without leaking', () => {
    const before = tf.memory().numTensors;
    const [a, a2, b, b2] = tf.tidy(() => {
      const key = keyFromSeed(11);
      return [randomNormal<tf.Rank.R2>(foldIn(key, 'a'), [300, 784]), randomNormal<tf.Rank.R2>(foldIn(key, 'a2'), [300, 784]), randomNormal<tf.Rank.R2>(foldIn(key, 'b'), [784, 100]), randomNormal<tf.Rank.R2>(foldIn(key, 'b2'), [784, 100])];
    });
    const onWorker = (x: tf.Tensor2D, y: tf.Tensor2D): Float32Array =>
      tf.tidy(() => {
        const token = tf.engine().runKernel(THREAD_MATMUL_START, { a: x, b: y }) as tf.Tensor;
        const c = tf.engine().runKernel(THREAD_MATMUL_JOIN, { token }) as tf.Tensor;
        expect(c.shape).toEqual([x.shape[0], y.shape[1]]);
        return c.dataSync() as Float32Array;
      });
    // above the small-matmul limit, so the stock path is XNNPACK's
    expect(300 * 784 * 100).toBeGreaterThan(2 ** 21);
    const stock = (x: tf.Tensor2D, y: tf.Tensor2D): Float32Array => tf.tidy(() => tf.matMul(x, y).dataSync() as Float32Array);
    // the same A twice (copied once), then a new A with the old B: each against the stock product
    for (const [x, y] of [[a, b], [a, b2], [a2, b]] as const) {
      const got = onWorker(x!, y!);
      const want = stock(x!, y!);
      let differing = 0;
      for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) differing++;
      expect(differing).toBe(0);
      expect(Math.max(...Array.from(got.subarray(0, 1000), Math.abs))).toBeGreaterThan(1);
    }
    tf.dispose([a!, a2!, b!, b2!]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.runIf(available)('refuses a matmul with bad shapes or dtype, a second job before the join and a token of the other kind', () => {
    tf.tidy(() => {
      const a = tf.ones([4, 3]);
      const b = tf.ones([3, 5]);
      expect(() => tf.engine().runKernel(THREAD_MATMUL_START, { a, b: tf.ones([4, 5]) })).toThrow(/a \[m, k\] and b \[k, cols\] expected \(got a \[4, 3\] float32, b \[4, 5\] float32\)/);
      expect(() => tf.engine().runKernel(THREAD_MATMUL_START, { a: tf.ones([4, 3], 'int32'), b })).toThrow(/int32/);
      const token = tf.engine().runKernel(THREAD_MATMUL_START, { a, b }) as tf.Tensor;
      expect(() => tf.engine().runKernel(THREAD_MATMUL_START, { a, b })).toThrow(/already running; join it first/);
      expect(() => tf.engine().runKernel(PAIR_HEAD_START, { left: data.left, right: data.right, scale: data.scale }, { temperature: 0.1, offset: 0 })).toThrow(/already running; join it first/);
      expect(() => tf.engine().runKernel(PAIR_HEAD_JOIN, { token })).toThrow(/no running pair-head job has token/);
      expect(Array.from((tf.engine().runKernel(THREAD_MATMUL_JOIN, { token }) as tf.Tensor).dataSync())).toEqual(new Array(20).fill(3));
    });
  });

  it.runIf(available)('gives, on the worker, the stock path results bit for bit (XNNPACK sizes: 600 points, 2 samples), without leaking', () => {
    const before = tf.memory().numTensors;
    const [smax, rowScale, product] = tf.tidy(() => {
      const token = tf.engine().runKernel(PAIR_HEAD_START, { left: data.left, right: data.right, scale: data.scale }, { temperature: 0.05, offset: Math.log(0.5) }) as tf.Tensor;
      const out = tf.engine().runKernel(PAIR_HEAD_JOIN, { token }) as unknown as tf.Tensor[];
      return out.map((t) => t.dataSync() as Float32Array);
    });
    expect(pairHeadFallback()).toBeUndefined();
    const [wantSmax, wantRowScale, wantProduct] = stockHead(data.left, data.right, data.scale, 0.05, Math.log(0.5));
    expect(Array.from(smax!)).toEqual(Array.from(wantSmax));
    expect(Array.from(rowScale!)).toEqual(Array.from(wantRowScale));
    expect(product!.length).toBe(2 * 600 * 8);
    let differing = 0;
    for (let i = 0; i < product!.length; i++) if (product![i] !== wantProduct[i]) differing++;
    expect(differing).toBe(0);
    // the product is not all zeros: the weights and the row sums (last column) are there
    expect(Math.max(...Array.from(product!, Math.abs))).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.runIf(available)('refuses a second start before the join, a wrong token and bad shapes, naming them', () => {
    tf.tidy(() => {
      const run = (): tf.Tensor => tf.engine().runKernel(PAIR_HEAD_START, { left: data.left, right: data.right, scale: data.scale }, { temperature: 0.1, offset: 0 }) as tf.Tensor;
      const token = run();
      expect(run).toThrow(/already running; join it first/);
      expect(() => tf.engine().runKernel(PAIR_HEAD_JOIN, { token: tf.tensor1d([12345], 'int32') })).toThrow(/no running pair-head job has token 12345/);
      tf.engine().runKernel(PAIR_HEAD_JOIN, { token });
      expect(() => tf.engine().runKernel(PAIR_HEAD_START, { left: data.left, right: data.left, scale: data.scale }, { temperature: 0.1, offset: 0 })).toThrow(/right \[S, q, n\]/);
      expect(() => tf.engine().runKernel(PAIR_HEAD_START, { left: data.left, right: data.right, scale: data.scale }, { temperature: 0, offset: 0 })).toThrow(/temperature must be > 0/);
    });
  });
});
