import type * as tfTypes from '@tensorflow/tfjs-core';
import * as nd from './ndarray.js';
import { NdArray } from './ndarray.js';

type Tf = typeof tfTypes;
type Tensor = tfTypes.Tensor;

/** One input of a case: its shape and the range its seeded uniform values come from. */
export interface CaseInput {
  readonly shape: readonly number[];
  readonly range?: readonly [number, number];
  /** Integer inputs (indices, conditions) are given literally. */
  readonly values?: readonly number[];
  readonly dtype?: 'float32' | 'int32' | 'bool';
}

/**
 * One row of the backend conformance table: a tfjs op and its float64 reference.
 * The forward result must match the reference; when `grad` is set, the gradient of
 * Σ op(x)·w (w fixed, random) with respect to every float input must match central finite
 * differences of the reference in float64.
 */
export interface ConformanceCase {
  readonly group: 'elementwise' | 'broadcast' | 'select' | 'reduction' | 'matmul' | 'shape' | 'softmax';
  readonly name: string;
  readonly inputs: readonly CaseInput[];
  readonly op: (tf: Tf, ...xs: Tensor[]) => Tensor;
  readonly reference: (...xs: NdArray[]) => NdArray;
  /** Forward tolerance: |got − ref| ≤ tol·(1 + |ref|). Default 2e-6. */
  readonly tol?: number;
  /** Check the gradient (tolerance relative to max |grad|; default 2e-4). */
  readonly grad?: boolean | number;
}

const unary = (
  name: string,
  op: (tf: Tf, x: Tensor) => Tensor,
  f: (v: number) => number,
  range: readonly [number, number] = [-2, 2],
  grad: boolean | number = true,
  tol?: number,
): ConformanceCase => ({
  group: 'elementwise',
  name,
  inputs: [{ shape: [3, 7], range }],
  op: (tf, x) => op(tf, x),
  reference: (x) => (x).map(f),
  grad,
  ...(tol === undefined ? {} : { tol }),
});

const binary = (
  name: string,
  shapes: readonly [readonly number[], readonly number[]],
  op: (tf: Tf, a: Tensor, b: Tensor) => Tensor,
  f: (a: number, b: number) => number,
  ranges: readonly [readonly [number, number], readonly [number, number]] = [
    [-2, 2],
    [-2, 2],
  ],
  grad: boolean | number = true,
): ConformanceCase => ({
  group: 'broadcast',
  name: `${name} [${shapes[0].join(',')}]⊕[${shapes[1].join(',')}]`,
  inputs: [
    { shape: shapes[0], range: ranges[0] },
    { shape: shapes[1], range: ranges[1] },
  ],
  op: (tf, a, b) => op(tf, a, b),
  reference: (a, b) => nd.elementwise([a, b], f),
  grad,
});

const sumReduce = (x: NdArray, axes: number[] | undefined, keep: boolean): NdArray => nd.reduce(x, axes, keep, 0, (a, v) => a + v);

const reduction = (
  name: string,
  axes: number[] | undefined,
  keepDims: boolean,
  op: (tf: Tf, x: Tensor, axes: number[] | undefined, keep: boolean) => Tensor,
  ref: (x: NdArray, axes: number[] | undefined, keep: boolean) => NdArray,
  grad: boolean | number = true,
  range: readonly [number, number] = [-2, 2],
): ConformanceCase => ({
  group: 'reduction',
  name: `${name} axes=${axes === undefined ? 'all' : `[${axes.join(',')}]`}${keepDims ? ' keepDims' : ''}`,
  inputs: [{ shape: [3, 4, 5], range }],
  op: (tf, x) => op(tf, x, axes, keepDims),
  reference: (x) => ref(x, axes, keepDims),
  grad,
  tol: 1e-5,
});

const matmulCase = (aShape: number[], bShape: number[], tA: boolean, tB: boolean): ConformanceCase => ({
  group: 'matmul',
  name: `matMul [${aShape.join(',')}]${tA ? 'ᵀ' : ''}·[${bShape.join(',')}]${tB ? 'ᵀ' : ''}`,
  inputs: [{ shape: aShape }, { shape: bShape }],
  op: (tf, a, b) => tf.matMul(a, b, tA, tB),
  reference: (a, b) => nd.matmul(a, b, tA, tB),
  grad: 5e-4,
  tol: 1e-5,
});

const softplus = (v: number): number => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)));
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** The conformance table: every op derand's packages rely on, against a float64 reference. */
export const conformanceCases: readonly ConformanceCase[] = [
  unary('neg', (tf, x) => tf.neg(x), (v) => -v),
  unary('abs', (tf, x) => tf.abs(x), Math.abs),
  unary('exp', (tf, x) => tf.exp(x), Math.exp),
  unary('log', (tf, x) => tf.log(x), Math.log, [0.2, 3]),
  unary('log1p', (tf, x) => tf.log1p(x), Math.log1p, [-0.5, 2]),
  unary('sqrt', (tf, x) => tf.sqrt(x), Math.sqrt, [0.2, 3]),
  unary('rsqrt', (tf, x) => tf.rsqrt(x), (v) => 1 / Math.sqrt(v), [0.2, 3], true, 1e-5),
  unary('square', (tf, x) => tf.square(x), (v) => v * v),
  unary('reciprocal', (tf, x) => tf.reciprocal(x), (v) => 1 / v, [0.3, 3]),
  unary('tanh', (tf, x) => tf.tanh(x), Math.tanh),
  unary('sigmoid', (tf, x) => tf.sigmoid(x), sigmoid),
  unary('softplus', (tf, x) => tf.softplus(x), softplus, [-3, 3], true, 1e-5),
  unary('relu', (tf, x) => tf.relu(x), (v) => Math.max(v, 0)),
  unary('sin', (tf, x) => tf.sin(x), Math.sin, [-3, 3], true, 1e-5),
  unary('cos', (tf, x) => tf.cos(x), Math.cos, [-3, 3], true, 1e-5),
  unary('sign', (tf, x) => tf.sign(x), Math.sign, [-2, 2], false),
  unary('floor', (tf, x) => tf.floor(x), Math.floor, [-3, 3], false),
  unary('clipByValue', (tf, x) => tf.clipByValue(x, -0.5, 1), (v) => Math.min(Math.max(v, -0.5), 1)),
  unary('scalar affine', (tf, x) => tf.add(tf.mul(x, 3), -1), (v) => 3 * v - 1),
  unary('cast int32→float32', (tf, x) => tf.cast(tf.cast(x, 'int32'), 'float32'), Math.trunc, [-5, 5], false),
  binary('add', [[2, 3], [3]], (tf, a, b) => tf.add(a, b), (a, b) => a + b),
  binary('sub', [[4, 1], [1, 5]], (tf, a, b) => tf.sub(a, b), (a, b) => a - b),
  binary('mul', [[2, 3, 4], [3, 1]], (tf, a, b) => tf.mul(a, b), (a, b) => a * b),
  binary('div', [[3, 4], [4]], (tf, a, b) => tf.div(a, b), (a, b) => a / b, [[-2, 2], [0.5, 2]]),
  binary('pow', [[3, 4], [4]], (tf, a, b) => tf.pow(a, b), (a, b) => a ** b, [[0.5, 2], [-1.5, 2]], 5e-4),
  binary('maximum', [[3, 4], [3, 1]], (tf, a, b) => tf.maximum(a, b), Math.max),
  binary('minimum', [[3, 4], [1, 4]], (tf, a, b) => tf.minimum(a, b), Math.min),
  binary('squaredDifference', [[2, 5], [5]], (tf, a, b) => tf.squaredDifference(a, b), (a, b) => (a - b) ** 2),
  binary('greater', [[3, 4], [4]], (tf, a, b) => tf.cast(tf.greater(a, b), 'float32'), (a, b) => Number(a > b), undefined, false),
  binary('lessEqual', [[3, 4], [3, 1]], (tf, a, b) => tf.cast(tf.lessEqual(a, b), 'float32'), (a, b) => Number(a <= b), undefined, false),
  {
    group: 'select',
    name: 'where(a > b, a, b·2) broadcast',
    inputs: [{ shape: [3, 4] }, { shape: [4] }],
    op: (tf, a, b) => tf.where(tf.greater(a, b), a, tf.broadcastTo(tf.mul(b, 2), [3, 4])),
    reference: (a, b) => nd.elementwise([a, b], (x, y) => (x > y ? x : 2 * y)),
    grad: true,
  },
  {
    group: 'select',
    name: 'equal on integers',
    inputs: [{ shape: [6], values: [1, 2, 3, 4, 5, 6], dtype: 'int32' }, { shape: [6], values: [1, 0, 3, 0, 5, 0], dtype: 'int32' }],
    op: (tf, a, b) => tf.cast(tf.equal(a, b), 'float32'),
    reference: (a, b) => nd.elementwise([a, b], (x, y) => Number(x === y)),
  },
  reduction('sum', [1], false, (tf, x, a, k) => tf.sum(x, a, k), sumReduce),
  reduction('sum', [0, 2], true, (tf, x, a, k) => tf.sum(x, a, k), sumReduce),
  reduction('sum', undefined, false, (tf, x, a, k) => tf.sum(x, a, k), sumReduce),
  reduction('mean', [2], false, (tf, x, a, k) => tf.mean(x, a, k), (x, a, k) => nd.reduce(x, a, k, 0, (s, v) => s + v, (s, c) => s / c)),
  reduction('mean', [0, 1], false, (tf, x, a, k) => tf.mean(x, a, k), (x, a, k) => nd.reduce(x, a, k, 0, (s, v) => s + v, (s, c) => s / c)),
  reduction('max', [1], false, (tf, x, a, k) => tf.max(x, a, k), (x, a, k) => nd.reduce(x, a, k, -Infinity, Math.max)),
  reduction('max', undefined, false, (tf, x, a, k) => tf.max(x, a, k), (x, a, k) => nd.reduce(x, a, k, -Infinity, Math.max)),
  reduction('min', [0, 2], true, (tf, x, a, k) => tf.min(x, a, k), (x, a, k) => nd.reduce(x, a, k, Infinity, Math.min)),
  reduction('prod', [2], false, (tf, x, a, k) => tf.prod(x, a, k), (x, a, k) => nd.reduce(x, a, k, 1, (p, v) => p * v), 5e-4, [0.5, 1.5]),
  reduction(
    'logSumExp',
    [1],
    false,
    (tf, x, a, k) => tf.logSumExp(x, a, k),
    (x, a, k) => nd.reduce(x, a, k, 0, (s, v) => s + Math.exp(v), (s) => Math.log(s)),
  ),
  reduction(
    'argMax',
    [1],
    false,
    (tf, x, a) => tf.cast(tf.argMax(x, a?.[0] ?? 0), 'float32'),
    (x) => {
      const [d0, d1, d2] = x.shape as [number, number, number];
      const out = NdArray.zeros([d0, d2]);
      for (let i = 0; i < d0; i++) {
        for (let k = 0; k < d2; k++) {
          let best = 0;
          for (let j = 1; j < d1; j++) if (x.get([i, j, k]) > x.get([i, best, k])) best = j;
          out.data[i * d2 + k] = best;
        }
      }
      return out;
    },
    false,
  ),
  matmulCase([5, 4], [4, 3], false, false),
  matmulCase([4, 5], [4, 3], true, false),
  matmulCase([5, 4], [3, 4], false, true),
  matmulCase([4, 5], [3, 4], true, true),
  matmulCase([2, 5, 4], [2, 4, 3], false, false),
  matmulCase([2, 4, 5], [2, 3, 4], true, true),
  matmulCase([1, 5, 4], [3, 4, 2], false, false),
  matmulCase([33, 47], [33, 29], true, false),
  {
    group: 'shape',
    name: 'reshape [3,4]→[2,6]',
    inputs: [{ shape: [3, 4] }],
    op: (tf, x) => tf.mul(tf.reshape(x, [2, 6]), tf.range(1, 7)),
    reference: (x) => nd.elementwise([nd.reshape(x, [2, 6]), NdArray.of([6], [1, 2, 3, 4, 5, 6])], (a, b) => a * b),
    grad: true,
  },
  {
    group: 'shape',
    name: 'transpose perm [2,0,1]',
    inputs: [{ shape: [2, 3, 4] }],
    op: (tf, x) => tf.transpose(x, [2, 0, 1]),
    reference: (x) => nd.transpose(x, [2, 0, 1]),
    grad: true,
  },
  {
    group: 'shape',
    name: 'slice begin [1,0,2] size [2,3,2]',
    inputs: [{ shape: [3, 4, 5] }],
    op: (tf, x) => tf.slice(x, [1, 0, 2], [2, 3, 2]),
    reference: (x) => nd.slice(x, [1, 0, 2], [2, 3, 2]),
    grad: true,
  },
  {
    group: 'shape',
    name: 'concat axis 1',
    inputs: [{ shape: [2, 3] }, { shape: [2, 1] }, { shape: [2, 4] }],
    op: (tf, a, b, c) => tf.concat([a, b, c], 1),
    reference: (a, b, c) => nd.concat([a, b, c], 1),
    grad: true,
  },
  {
    group: 'shape',
    name: 'stack axis 0',
    inputs: [{ shape: [3] }, { shape: [3] }],
    op: (tf, a, b) => tf.stack([a, b]),
    reference: (a, b) => nd.concat([nd.reshape(a, [1, 3]), nd.reshape(b, [1, 3])], 0),
    grad: true,
  },
  {
    group: 'shape',
    name: 'gather axis 1 with repeats',
    inputs: [{ shape: [3, 5] }, { shape: [4], values: [4, 0, 4, 2], dtype: 'int32' }],
    op: (tf, x, i) => tf.gather(x, i, 1),
    reference: (x) => nd.gather(x, [4, 0, 4, 2], 1),
    grad: true,
  },
  {
    group: 'shape',
    name: 'gather axis 0',
    inputs: [{ shape: [4, 3] }, { shape: [2], values: [3, 1], dtype: 'int32' }],
    op: (tf, x, i) => tf.gather(x, i, 0),
    reference: (x) => nd.gather(x, [3, 1], 0),
    grad: true,
  },
  {
    group: 'shape',
    name: 'pad [[1,0],[2,1]] with 0.5',
    inputs: [{ shape: [2, 3] }],
    op: (tf, x) => tf.pad(x, [[1, 0], [2, 1]], 0.5),
    reference: (x) => nd.pad(x, [[1, 0], [2, 1]], 0.5),
    grad: true,
  },
  {
    group: 'shape',
    name: 'tile [2,3]',
    inputs: [{ shape: [2, 2] }],
    op: (tf, x) => tf.tile(x, [2, 3]),
    reference: (x) => nd.tile(x, [2, 3]),
    grad: true,
  },
  {
    group: 'shape',
    name: 'oneHot depth 4',
    inputs: [{ shape: [3], values: [2, 0, 3], dtype: 'int32' }],
    op: (tf, i) => tf.cast(tf.oneHot(i as tfTypes.Tensor1D, 4), 'float32'),
    reference: () => NdArray.of([3, 4], [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1]),
  },
  {
    group: 'softmax',
    name: 'softmax last axis',
    inputs: [{ shape: [3, 5], range: [-3, 3] }],
    op: (tf, x) => tf.softmax(x),
    reference: (x) => nd.softmax(x),
    grad: true,
    tol: 1e-5,
  },
  {
    group: 'softmax',
    name: 'logSoftmax last axis',
    inputs: [{ shape: [3, 5], range: [-3, 3] }],
    op: (tf, x) => tf.logSoftmax(x),
    reference: (x) => nd.softmax(x).map(Math.log),
    grad: true,
    tol: 1e-5,
  },
];
