import * as tf from '@tensorflow/tfjs-core';
import { keyFromSeed, randomNormal, splitKey, startEngine } from '@derand/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_MATMUL_LIMIT, setSmallMatMul, smallMatMul } from './kernels/SmallMatMul.js';
import { wasmBackend } from './wasm-backend.js';

/** op(A)·op(B) (+ bias) in float64 from the float32 operands, with Σ|products| per entry (the scale of its rounding error). */
function reference(a: tf.Tensor, b: tf.Tensor, tA: boolean, tB: boolean, bias?: tf.Tensor): { value: Float64Array; scale: Float64Array; m: number; n: number } {
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, k] = tA ? [ac, ar] : [ar, ac];
  const n = tB ? br : bc;
  const av = a.dataSync();
  const bv = b.dataSync();
  const cv = bias?.dataSync();
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = cv === undefined ? 0 : cv[j]!;
      let t = Math.abs(s);
      for (let q = 0; q < k; q++) {
        const p = av[tA ? q * ac + i : i * ac + q]! * bv[tB ? j * bc + q : q * bc + j]!;
        s += p;
        t += Math.abs(p);
      }
      value[i * n + j] = s;
      scale[i * n + j] = t;
    }
  }
  return { value, scale, m, n };
}

/** The worst |ours − float64| / (Σ|products| + 1e-30) over the entries. */
function worstError(result: tf.Tensor, ref: { value: Float64Array; scale: Float64Array }): number {
  const r = result.dataSync();
  expect(r.length).toBe(ref.value.length);
  let worst = 0;
  for (let i = 0; i < r.length; i++) worst = Math.max(worst, Math.abs(r[i]! - ref.value[i]!) / (ref.scale[i]! + 1e-30));
  return worst;
}

/** What the matmul wrapper passes: the backend's Transpose kernel, an untracked buffer that the module frees. */
const transposeLastTwo = (x: tf.TensorInfo): tf.TensorInfo =>
  tf.getKernel('Transpose', 'wasm')!.kernelFunc({ inputs: { x }, backend: tf.backend() as never, attrs: { perm: [1, 0] } }) as tf.TensorInfo;

/** The module run directly (no fallback), as a tensor the caller owns. */
function direct(a: tf.Tensor, b: tf.Tensor, tA: boolean, tB: boolean, bias?: tf.Tensor): tf.Tensor | undefined {
  const info = smallMatMul({ a, b, transposeA: tA, transposeB: tB, ...(bias === undefined ? {} : { bias }), backend: tf.backend(), transpose: transposeLastTwo });
  return info === undefined ? undefined : tf.engine().makeTensorFromTensorInfo(info);
}

describe('the small-matmul module on wasm', () => {
  beforeAll(async () => {
    await startEngine({ backend: wasmBackend });
  });
  afterEach(() => setSmallMatMul(true));

  it('matches float64 for every transpose combination, both loop orders and every tail (columns mod 4, 16 and 32, inner mod 4 and 8), with and without bias', () => {
    const [ka, kb, kc] = splitKey(keyFromSeed(21), 3);
    let checked = 0;
    for (const m of [1, 3, 41]) {
      for (const k of [1, 2, 5, 9, 50]) {
        for (const n of [1, 2, 3, 5, 20, 37, 52, 64, 1000]) {
          for (const tA of [false, true]) {
            for (const tB of [false, true]) {
              tf.tidy(() => {
                const a = randomNormal(ka!, tA ? [k, m] : [m, k]);
                const b = randomNormal(kb!, tB ? [n, k] : [k, n]);
                const bias = randomNormal(kc!, [n]);
                for (const withBias of [false, true]) {
                  const out = direct(a, b, tA, tB, withBias ? bias : undefined);
                  expect(out, `${m}×${k}×${n}`).toBeDefined();
                  expect(out!.shape).toEqual([m, n]);
                  const err = worstError(out!, reference(a, b, tA, tB, withBias ? bias : undefined));
                  expect(err, `m=${m} k=${k} n=${n} tA=${tA} tB=${tB} bias=${withBias}`).toBeLessThan(k * 1.2e-7 + 1e-7);
                  checked++;
                }
              });
            }
          }
        }
      }
    }
    expect(checked).toBe(3 * 5 * 9 * 4 * 2);
  });

  it('serves tf.matMul and tf.fused.matMul (bias, no activation) below the limit, with the results of the XNNPACK path', () => {
    const [ka, kb, kc] = splitKey(keyFromSeed(22), 3);
    const cases = [
      { a: [50, 2], b: [50, 1000], tA: true, tB: false },
      { a: [50, 1000], b: [1, 1000], tA: false, tB: true },
      { a: [50, 1], b: [1, 1000], tA: false, tB: false },
      { a: [1, 50], b: [50, 1000], tA: false, tB: false },
      { a: [50, 2], b: [1000, 2], tA: false, tB: true },
      { a: [1, 64, 30], b: [1, 30, 40], tA: false, tB: false },
    ] as const;
    for (const c of cases) {
      tf.tidy(() => {
        const a = randomNormal(ka!, [...c.a]);
        const b = randomNormal(kb!, [...c.b]);
        const n = c.tB ? c.b.at(-2)! : c.b.at(-1)!;
        const bias = randomNormal(kc!, [n]);
        const ours = tf.matMul(a, b, c.tA, c.tB);
        const fused = tf.fused.matMul({ a, b, transposeA: c.tA, transposeB: c.tB, bias });
        setSmallMatMul(false);
        const xnn = tf.matMul(a, b, c.tA, c.tB);
        const xnnFused = tf.fused.matMul({ a, b, transposeA: c.tA, transposeB: c.tB, bias });
        setSmallMatMul(true);
        const k = c.tA ? c.a.at(-2)! : c.a.at(-1)!;
        expect(worstError(ours, reference(a, b, c.tA, c.tB)), JSON.stringify(c)).toBeLessThan(k * 1.2e-7 + 1e-7);
        expect(worstError(fused, reference(a, b, c.tA, c.tB, bias)), JSON.stringify(c)).toBeLessThan(k * 1.2e-7 + 1e-7);
        expect(worstError(xnn, reference(a, b, c.tA, c.tB)), JSON.stringify(c)).toBeLessThan(k * 1.2e-7 + 1e-7);
        expect(ours.shape).toEqual(xnn.shape);
        expect(fused.shape).toEqual(xnnFused.shape);
      });
    }
  });

  it('declines what it does not take (the caller then runs XNNPACK): a batch above 1, above the limit, int32, a bias not of one row, the path off', () => {
    tf.tidy(() => {
      const a = tf.ones([2, 3, 4]);
      const b = tf.ones([2, 4, 5]);
      expect(direct(a, b, false, false)).toBeUndefined();
      const side = Math.ceil(Math.cbrt(SMALL_MATMUL_LIMIT)) + 1;
      expect(direct(tf.ones([side, side]), tf.ones([side, side]), false, false)).toBeUndefined();
      expect(direct(tf.ones([3, 4], 'int32'), tf.ones([4, 5], 'int32'), false, false)).toBeUndefined();
      expect(direct(tf.ones([3, 4]), tf.ones([4, 5]), false, false, tf.ones([3, 5]))).toBeUndefined();
      expect(direct(tf.ones([3, 4]), tf.ones([4, 5]), false, false, tf.ones([1, 5]))).toBeDefined();
      setSmallMatMul(false);
      expect(direct(tf.ones([3, 4]), tf.ones([4, 5]), false, false)).toBeUndefined();
    });
    // a fused matmul with an activation keeps the stock kernel, and is still right
    tf.tidy(() => {
      const a = tf.tensor2d([[1, -2]]);
      const b = tf.tensor2d([[1, 0, -1], [1, 1, 1]]);
      expect(Array.from(tf.fused.matMul({ a, b, activation: 'relu' }).dataSync())).toEqual([0, 0, 0]);
      expect(Array.from(tf.fused.matMul({ a, b }).dataSync())).toEqual([-1, -2, -3]);
    });
  });

  it('keeps a NaN in its own row and column, and leaks no buffer (the transposed copy of B is freed)', () => {
    const before = tf.engine().backend.numDataIds();
    const tensorsBefore = tf.memory().numTensors;
    tf.tidy(() => {
      const a = tf.tensor2d([[1, 2], [Number.NaN, 1], [0, 1]]);
      const b = tf.tensor2d([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
      for (const [out, nanRow] of [
        [direct(a, b, false, false)!, true],
        [direct(a, tf.transpose(b), false, true)!, true],
      ] as const) {
        const v = out.arraySync() as number[][];
        expect(v[1]!.every((x) => Number.isNaN(x))).toBe(nanRow);
        expect(v[0]).toEqual([13, 16, 19, 22, 25]);
        expect(v[2]).toEqual([6, 7, 8, 9, 10]);
      }
      const dotted = direct(tf.tensor2d([[1, 2, 3, 4, 5], [1, Number.NaN, 1, 1, 1]]), tf.tensor2d([[1, 1, 1, 1, 1]]), false, true)!;
      const d = dotted.dataSync();
      expect(d[0]).toBe(15);
      expect(Number.isNaN(d[1]!)).toBe(true);
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});
