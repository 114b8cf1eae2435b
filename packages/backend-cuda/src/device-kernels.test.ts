import * as tf from '@tensorflow/tfjs-core';
import { hashString, keyFromSeed, randomNormal, randomUniform, sampleNormal, sampleUniform } from '@derand/core';
import { nd, NdArray } from '@derand/core/testing';
import { expect } from 'vitest';
import { describeOnDevices, onCpuAndDevice, worstError } from '../test/targets.js';

// Every device kernel against tfjs-backend-cpu on inputs the conformance table does not
// reach: every unary and binary op, int32 and bool dtypes, NaN semantics, non-contiguous and
// two-pass reductions, strided copies of every kind, batch-broadcast matmuls, exact random
// streams. Tolerances: 1e-5 relative to (1 + |cpu|) unless stated; integer results exact.

function uniform(shape: number[], low: number, high: number, label: string): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from(sampleUniform(keyFromSeed(hashString(label)), n, low, high), Math.fround), shape);
}

async function expectSame(f: () => tf.Tensor | tf.Tensor[], tol = 1e-5): Promise<void> {
  const { cpu, device } = await onCpuAndDevice(f);
  expect(device.length).toBe(cpu.length);
  cpu.forEach((want, i) => {
    const got = device[i];
    expect(got?.shape, `output ${i} shape`).toEqual(want.shape);
    expect(got?.dtype, `output ${i} dtype`).toBe(want.dtype);
    expect(worstError(got?.values ?? [], want.values), `output ${i}: worst relative error`).toBeLessThanOrEqual(tol);
  });
}

const UNARY: [string, (x: tf.Tensor) => tf.Tensor, number, number][] = [
  ['abs', (x) => tf.abs(x), -3, 3],
  ['acos', (x) => tf.acos(x), -0.99, 0.99],
  ['acosh', (x) => tf.acosh(x), 1.01, 4],
  ['asin', (x) => tf.asin(x), -0.99, 0.99],
  ['asinh', (x) => tf.asinh(x), -3, 3],
  ['atan', (x) => tf.atan(x), -3, 3],
  ['atanh', (x) => tf.atanh(x), -0.95, 0.95],
  ['ceil', (x) => tf.ceil(x), -3, 3],
  ['cos', (x) => tf.cos(x), -3, 3],
  ['cosh', (x) => tf.cosh(x), -3, 3],
  ['elu', (x) => tf.elu(x), -3, 3],
  ['erf', (x) => tf.erf(x), -2, 2],
  ['exp', (x) => tf.exp(x), -3, 3],
  ['expm1', (x) => tf.expm1(x), -1, 1],
  ['floor', (x) => tf.floor(x), -3, 3],
  ['isFinite', (x) => tf.isFinite(tf.div(x, tf.round(x))), -2, 2],
  ['isInf', (x) => tf.isInf(tf.div(x, tf.round(x))), -2, 2],
  ['isNaN', (x) => tf.isNaN(tf.log(x)), -2, 2],
  ['leakyRelu', (x) => tf.leakyRelu(x, 0.3), -3, 3],
  ['log', (x) => tf.log(x), 0.1, 5],
  ['log1p', (x) => tf.log1p(x), -0.9, 3],
  ['logicalNot', (x) => tf.logicalNot(tf.greater(x, 0)), -1, 1],
  ['neg', (x) => tf.neg(x), -3, 3],
  ['reciprocal', (x) => tf.reciprocal(x), 0.2, 3],
  ['relu', (x) => tf.relu(x), -3, 3],
  ['relu6', (x) => tf.relu6(x), -3, 9],
  ['round (half to even)', (x) => tf.round(tf.mul(tf.round(tf.mul(x, 2)), 0.5)), -4, 4],
  ['rsqrt', (x) => tf.rsqrt(x), 0.1, 5],
  ['selu', (x) => tf.selu(x), -3, 3],
  ['sigmoid', (x) => tf.sigmoid(x), -6, 6],
  ['sign', (x) => tf.sign(tf.round(x)), -2, 2],
  ['sin', (x) => tf.sin(x), -3, 3],
  ['sinh', (x) => tf.sinh(x), -3, 3],
  ['softplus (both tails)', (x) => tf.softplus(x), -30, 30],
  ['sqrt', (x) => tf.sqrt(x), 0, 5],
  ['square', (x) => tf.square(x), -3, 3],
  ['step', (x) => tf.step(x, 0.25), -1, 1],
  ['tan', (x) => tf.tan(x), -1.4, 1.4],
  ['tanh', (x) => tf.tanh(x), -4, 4],
  ['clipByValue', (x) => tf.clipByValue(x, -0.5, 0.7), -2, 2],
];

describeOnDevices('unary kernels', (test) => {
  for (const [name, f, low, high] of UNARY) {
    test(name, () => expectSame(() => f(uniform([5, 13], low, high, name))));
  }
  test('int32 abs, neg, square, sign, relu stay exact int32', () =>
    expectSame(() => {
      // within ±2^24: tfjs-backend-cpu passes int32 abs through float32
      const x = tf.tensor1d([-7, -1, 0, 3, 4096, -16777215], 'int32');
      return [tf.abs(x), tf.neg(x), tf.square(tf.slice(x, 0, 5)), tf.sign(x), tf.relu(x)];
    }, 0));
  test('NaN and infinities pass through as on cpu', () =>
    expectSame(() => {
      const x = tf.tensor1d([NaN, Infinity, -Infinity, 0, -0.5]);
      return [tf.relu(x), tf.sign(x), tf.step(x, 0.5), tf.clipByValue(x, -1, 1), tf.isNaN(x), tf.isInf(x), tf.isFinite(x), tf.exp(x)];
    }, 0));
});

describeOnDevices('binary kernels', (test) => {
  const float = (label: string): [tf.Tensor, tf.Tensor] => [uniform([3, 1, 4], -3, 3, `${label}a`), uniform([2, 1], 0.3, 2, `${label}b`)];
  const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['div', tf.div],
    ['floorDiv', tf.floorDiv],
    ['mod', tf.mod],
    ['pow', (a, b) => tf.pow(tf.abs(a), b)],
    ['maximum', tf.maximum],
    ['minimum', tf.minimum],
    ['squaredDifference', tf.squaredDifference],
    ['atan2', tf.atan2],
    ['prelu', (a, b) => tf.prelu(a, tf.reshape(b, [2, 1]))],
    ['equal', (a, b) => tf.equal(tf.round(a), tf.round(b))],
    ['notEqual', (a, b) => tf.notEqual(tf.round(a), tf.round(b))],
    ['greater', tf.greater],
    ['greaterEqual', tf.greaterEqual],
    ['less', tf.less],
    ['lessEqual', tf.lessEqual],
    ['logicalAnd', (a, b) => tf.logicalAnd(tf.greater(a, 0), tf.greater(b, 1))],
    ['logicalOr', (a, b) => tf.logicalOr(tf.greater(a, 0), tf.greater(b, 1))],
  ];
  for (const [name, op] of ops) {
    test(`${name} with broadcasting [3,1,4]⊕[2,1]`, () => expectSame(() => op(...float(name)), 2e-6));
  }
  test('int32 arithmetic with negative operands is exact', () =>
    expectSame(() => {
      const a = tf.tensor2d([[-7, 7, -8, 9], [0, 5, -1, 2147483647]], [2, 4], 'int32');
      const b = tf.tensor1d([2, -3, 3, -2], 'int32');
      return [tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.floorDiv(a, b), tf.mod(a, b), tf.maximum(a, b), tf.minimum(a, b), tf.greater(a, b), tf.equal(a, b)];
    }, 0));
  test('NaN in maximum, minimum and comparisons', () =>
    expectSame(() => {
      const a = tf.tensor1d([NaN, 1, NaN, -2]);
      const b = tf.tensor1d([0, NaN, NaN, -3]);
      return [tf.maximum(a, b), tf.minimum(a, b), tf.equal(a, b), tf.notEqual(a, b), tf.less(a, b)];
    }, 0));
  test('scalar and higher-rank broadcasting', () =>
    expectSame(() => [tf.add(uniform([2, 3, 4, 5], -1, 1, 'r4'), tf.scalar(2)), tf.mul(uniform([4, 1], -1, 1, 'c'), uniform([1, 2, 1, 5], -1, 1, 'd'))]));
  test('addN sums many tensors', () => expectSame(() => tf.addN([uniform([3, 4], -1, 1, 'n1'), uniform([3, 4], -1, 1, 'n2'), uniform([3, 4], -1, 1, 'n3'), uniform([3, 4], -1, 1, 'n4')])));
});

describeOnDevices('select, cast and creation kernels', (test) => {
  test('where with broadcast operands', () =>
    expectSame(() => {
      const a = uniform([4, 3], -1, 1, 'wa');
      const b = uniform([4, 3], -1, 1, 'wb');
      return [tf.where(tf.greater(a, b), a, b), tf.where(tf.greater(a, 0), a, tf.scalar(0.5)), tf.where(tf.greater(a, 0), tf.cast(tf.fill([4, 3], 2), 'int32'), tf.zeros([4, 3], 'int32'))];
    }, 0));
  test('cast between float32, int32 and bool like the cpu backend', () =>
    expectSame(() => {
      const x = tf.tensor1d([-2.7, -0.5, 0, 0.5, 2.7, NaN, 3e9, -3e9]);
      // within ±2^24: tfjs-backend-cpu keeps int32 values as they are when casting to float32
      const i = tf.tensor1d([-3, 0, 5, 16777215], 'int32');
      const b = tf.tensor1d([true, false, true], 'bool');
      return [tf.cast(x, 'int32'), tf.cast(x, 'bool'), tf.cast(i, 'float32'), tf.cast(i, 'bool'), tf.cast(b, 'float32'), tf.cast(b, 'int32')];
    }, 0));
  test('fill, zerosLike, onesLike, range and oneHot', () =>
    expectSame(() => [
      tf.fill([2, 3], 1.5),
      tf.fill([3], 7, 'int32'),
      tf.zerosLike(tf.ones([2, 2], 'int32')),
      tf.onesLike(tf.zeros([3], 'bool')),
      tf.range(0, 10, 3),
      tf.range(5, -3, -2, 'int32'),
      tf.range(4, 1),
      tf.range(2, 2),
      tf.oneHot(tf.tensor1d([0, 3, 1, 7, -1], 'int32'), 4, 2, -1),
    ], 0));
});

describeOnDevices('reductions', (test) => {
  const x4 = (): tf.Tensor => uniform([3, 4, 5, 6], -2, 2, 'x4');
  test('sum, mean, max, min, prod over contiguous and non-contiguous axes', () =>
    expectSame(() => {
      const x = x4();
      const p = uniform([3, 4, 5], 0.8, 1.2, 'prod');
      return [
        tf.sum(x, [1, 2]),
        tf.sum(x, [0, 2], true),
        tf.mean(x, [3]),
        tf.mean(x, [0, 3]),
        tf.max(x, [1, 3]),
        tf.min(x, [0]),
        tf.max(x),
        tf.prod(p, [0, 2]),
        tf.sum(x, []),
      ];
    }));
  test('long reductions take the two-pass path and keep float32 accuracy', () =>
    expectSame(() => {
      const rows = uniform([3, 10000], -1, 1, 'long');
      const middle = uniform([2, 6000, 3], -1, 1, 'middle');
      const flat = uniform([100000], 0, 1, 'flat');
      return [tf.sum(rows, 1), tf.mean(rows, 1), tf.max(rows, 1), tf.min(middle, 1), tf.sum(middle, 1), tf.sum(flat), tf.mean(flat)];
    }, 2e-5));
  test('int32 and bool reductions', () =>
    expectSame(() => {
      const i = tf.tensor2d([[1, -2, 3], [40, 5, -60]], [2, 3], 'int32');
      const b = tf.greater(uniform([4, 70], -1, 1, 'bools'), 0);
      return [tf.sum(i, 1), tf.prod(i, 0), tf.max(i), tf.min(i, 1), tf.mean(i, 0), tf.sum(b, 1), tf.all(b, 1), tf.any(b, 0), tf.all(tf.ones([3, 80], 'bool'), 1)];
    }, 0));
  test('argMax and argMin: first extreme, NaN ignored unless first', () =>
    expectSame(() => {
      const ties = tf.tensor2d([[1, 3, 3, 0], [2, 2, 1, 2], [NaN, 5, 1, 0], [1, NaN, 7, 7]]);
      const wide = uniform([5, 300], -1, 1, 'wide');
      return [tf.argMax(ties, 1), tf.argMin(ties, 1), tf.argMax(ties, 0), tf.argMax(wide, 1), tf.argMin(wide, 1), tf.argMax(uniform([4, 5, 3], -1, 1, 'mid'), 1)];
    }, 0));
  test('cumsum and cumprod: exclusive, reverse, any axis', () =>
    expectSame(() => {
      const x = uniform([2, 5, 3], 0.5, 1.5, 'cum');
      return [
        tf.cumsum(x, 1),
        tf.cumsum(x, 1, true),
        tf.cumsum(x, 2, false, true),
        tf.cumprod(x, 1, true, true),
        tf.cumprod(x, 0),
        tf.cumsum(tf.tensor1d([1, 2, 3, 4], 'int32')),
      ];
    }));
  test('softmax over short and long rows', () => expectSame(() => [tf.softmax(uniform([4, 5], -5, 5, 's5')), tf.softmax(uniform([3, 300], -5, 5, 's300'))]));
});

describeOnDevices('shape and copy kernels', (test) => {
  test('transpose, slice, strided slice, reverse', () =>
    expectSame(() => {
      const x = uniform([3, 4, 5, 2], -1, 1, 'copy');
      const m = uniform([6, 5], -1, 1, 'm');
      return [
        tf.transpose(x, [3, 1, 0, 2]),
        tf.transpose(m),
        tf.slice(x, [1, 0, 2, 0], [2, 3, 2, 2]),
        tf.stridedSlice(m, [5, 0], [0, 5], [-2, 2]),
        tf.stridedSlice(m, [1, 1], [4, 4], [1, 1], 0, 0, 0, 0, 1),
        tf.reverse(x, [0, 2]),
        tf.reverse(m, 1),
      ];
    }, 0));
  test('reshape, expandDims, squeeze share data', () =>
    expectSame(() => {
      const x = uniform([2, 3], -1, 1, 'views');
      return [tf.reshape(x, [3, 2]), tf.expandDims(x, 1), tf.expandDims(x, -1), tf.squeeze(tf.expandDims(x, 0)), tf.clone(x)];
    }, 0));
  test('tile, broadcastTo, pad', () =>
    expectSame(() => {
      const x = uniform([2, 1, 3], -1, 1, 'tile');
      return [tf.tile(x, [2, 3, 1]), tf.broadcastTo(x, [4, 2, 5, 3]), tf.pad(x, [[1, 0], [0, 2], [2, 1]], 0.25), tf.pad(tf.cast(tf.greater(x, 0), 'int32'), [[0, 1], [1, 0], [0, 0]], 9)];
    }, 0));
  test('concat (float and bool), stack, unstack, split', () =>
    expectSame(() => {
      const a = uniform([2, 3, 2], -1, 1, 'ca');
      const b = uniform([2, 1, 2], -1, 1, 'cb');
      const c = uniform([2, 4, 2], -1, 1, 'cc');
      return [
        tf.concat([a, b, c], 1),
        tf.concat([tf.greater(a, 0), tf.greater(b, 0)], 1),
        tf.concat([a, a], 2),
        tf.stack([a, a, a], 1),
        ...tf.unstack(c, 1),
        ...tf.split(c, [1, 3], 1),
        ...tf.split(tf.reshape(c, [16]), 4),
      ];
    }, 0));
  test('gather on any axis and with batch dims; unsortedSegmentSum', () =>
    expectSame(() => {
      const x = uniform([4, 5, 3], -1, 1, 'gather');
      const i = tf.tensor1d([4, 0, 4, 2], 'int32');
      const batched = tf.tensor2d([[1, 0], [2, 2], [0, 1], [3, 3]], [4, 2], 'int32');
      return [tf.gather(x, i, 1), tf.gather(x, tf.tensor1d([3, 1], 'int32'), 0), tf.gather(x, batched, 1, 1), tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 1], 'int32'), 4)];
    }, 1e-6));
  test('gatherND and scatterND (duplicate indices sum)', () =>
    expectSame(() => {
      const x = uniform([4, 3, 2], -1, 1, 'gnd');
      const pairs = tf.tensor2d([[3, 1], [0, 2], [3, 1], [2, 0]], [4, 2], 'int32');
      const rows = tf.tensor2d([[2], [0], [2]], [3, 1], 'int32');
      const updates = uniform([3, 5], -1, 1, 'snd');
      return [
        tf.gatherND(x, pairs),
        tf.gatherND(x, rows),
        tf.gatherND(tf.greater(x, 0), pairs),
        tf.scatterND(rows, updates, [4, 5]),
        tf.scatterND(pairs, uniform([4, 2], -1, 1, 'snd2'), [4, 3, 2]),
        tf.scatterND(tf.tensor2d([[1], [1]], [2, 1], 'int32'), tf.tensor1d([3, 4], 'int32'), [3]),
      ];
    }, 1e-6));
  test('gather outside the range gives 0 and segment sums drop foreign ids', async () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    expect(Array.from(tf.gather(x, tf.tensor1d([2, 7, -1], 'int32')).dataSync())).toEqual([5, 6, 0, 0, 0, 0]);
    expect(Array.from(tf.unsortedSegmentSum(x, tf.tensor1d([1, 5, 1], 'int32'), 2).dataSync())).toEqual([0, 0, 6, 8]);
  });
  test('empty tensors pass through every kind of kernel', () =>
    expectSame(() => {
      const e = tf.zeros([0, 3]);
      return [tf.add(e, 1), tf.sum(e, 0), tf.transpose(e), tf.concat([e, e], 0), tf.matMul(e, tf.ones([3, 2]))];
    }, 0));
});

describeOnDevices('matmul', (test) => {
  test('every transpose combination on odd sizes', () =>
    expectSame(() => {
      const out: tf.Tensor[] = [];
      for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const a = uniform(tA ? [47, 33] : [33, 47], -1, 1, `a${tA}`);
        const b = uniform(tB ? [29, 47] : [47, 29], -1, 1, `b${tB}`);
        out.push(tf.matMul(a, b, tA, tB));
      }
      return out;
    }, 2e-5));
  test('tiles larger than one block, k not a multiple of the slice depth', () =>
    expectSame(() => tf.matMul(uniform([150, 131], -1, 1, 'big-a'), uniform([131, 140], -1, 1, 'big-b')), 5e-5));
  test('broadcast batches: stride 0 and equal batches', () =>
    expectSame(() => [
      tf.matMul(uniform([1, 5, 4], -1, 1, 'b1'), uniform([3, 4, 2], -1, 1, 'b2')),
      tf.matMul(uniform([3, 4, 5], -1, 1, 'b5'), uniform([3, 6, 4], -1, 1, 'b6'), true, true),
    ], 2e-5));
  test('general batch broadcasting [2,1]×[1,3] against a float64 reference', () => {
    // tfjs-backend-cpu indexes such batches as bi mod batchA, so the reference is nd.matmul.
    const a = uniform([2, 1, 5, 4], -1, 1, 'b3');
    const b = uniform([1, 3, 4, 6], -1, 1, 'b4');
    const want = nd.matmul(NdArray.of(a.shape, a.dataSync()), NdArray.of(b.shape, b.dataSync()));
    const got = tf.matMul(a, b);
    expect(got.shape).toEqual([...want.shape]);
    expect(worstError(Array.from(got.dataSync()), Array.from(want.data))).toBeLessThanOrEqual(2e-6);
    tf.dispose([a, b, got]);
  });
  test('int32 matmul and fused matmul with bias and activations', () =>
    expectSame(() => {
      const a = uniform([6, 7], -1, 1, 'fa');
      const b = uniform([7, 5], -1, 1, 'fb');
      const bias = uniform([5], -1, 1, 'fbias');
      return [
        tf.matMul(tf.tensor2d([[1, 2], [3, -4]], [2, 2], 'int32'), tf.tensor2d([[5, 6], [-7, 8]], [2, 2], 'int32')),
        tf.fused.matMul({ a, b, bias, activation: 'relu' }),
        tf.fused.matMul({ a, b, bias, activation: 'leakyrelu', leakyreluAlpha: 0.1 }),
        tf.fused.matMul({ a, b, transposeB: false, activation: 'sigmoid' }),
      ];
    }, 2e-5));
});

describeOnDevices('keyed random kernels', (test) => {
  test('normal and uniform equal the host sampler stream (n not a multiple of 4)', () => {
    const key = keyFromSeed(77);
    const z = randomNormal(key, [7, 13], 0.5, 2);
    const u = randomUniform(key, [91], -1, 3);
    const wantZ = Float32Array.from(sampleNormal(key, 91, 0.5, 2));
    const wantU = Float32Array.from(sampleUniform(key, 91, -1, 3));
    // At most one float32 rounding step apart (double log/cos may differ in the last bit).
    expect(worstError(Array.from(z.dataSync()), Array.from(wantZ))).toBeLessThanOrEqual(2 ** -22);
    expect(worstError(Array.from(u.dataSync()), Array.from(wantU))).toBe(0);
    tf.dispose([z, u]);
  });
  test('a large draw has the right moments', () => {
    const z = randomNormal(keyFromSeed(5), [1000, 1000]);
    const mean = tf.mean(z).dataSync()[0] ?? NaN;
    const variance = tf.mean(tf.square(z)).dataSync()[0] ?? NaN;
    expect(Math.abs(mean)).toBeLessThan(5e-3); // 5 standard errors (1/√n = 1e-3)
    expect(Math.abs(variance - 1)).toBeLessThan(7.1e-3); // 5 standard errors (√2/√n)
    tf.dispose(z);
  });
});
