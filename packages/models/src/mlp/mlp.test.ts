import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@derand/backend-wasm';
import { foldIn, keyFromSeed, sampleNormal, type Params } from '@derand/core';
import { relativeError, startTestEngine } from '@derand/core/testing';
import { createMlp, describeMlp, type Mlp } from './mlp.js';
import { mlpValueAndGradients } from './mlp-gradients.js';
import { deepSpec, twoLayerSpec, type MlpSpec } from './mlp-spec.js';

// ---- independent float64 reference: the same network written with loops -------------------
const sig = (z: number): number => 1 / (1 + Math.exp(-z));
const hostActivations: Record<string, (z: number) => number> = {
  'softplus:2': (z) => (Math.max(2 * z, 0) + Math.log1p(Math.exp(-Math.abs(2 * z)))) / 2,
  'softplus:3': (z) => (Math.max(3 * z, 0) + Math.log1p(Math.exp(-Math.abs(3 * z)))) / 3,
  tanh: Math.tanh,
  sigmoid: sig,
  silu: (z) => z * sig(z),
  'hermite:3': (z) => z ** 3 - 3 * z,
  linear: (z) => z,
};

type HostParams = Map<string, { shape: number[]; values: Float64Array }>;

function toHost(...all: Params[]): HostParams {
  const out: HostParams = new Map();
  for (const p of all) for (const [name, t] of Object.entries(p)) out.set(name, { shape: [...t.shape], values: Float64Array.from(t.dataSync()) });
  return out;
}

/** mean_i Σ_j (ŷ_ij − y_ij)² in float64. */
function hostLoss(spec: MlpSpec, p: HostParams, x: Float64Array, y: Float64Array, n: number): number {
  let h = x;
  let width = spec.inputDim;
  spec.layers.forEach((layer, l) => {
    const W = p.get(l === 0 ? 'W' : `layers.${l}.weight`)!.values;
    const b = p.get(l === 0 ? 'b' : `layers.${l}.bias`)?.values;
    const act = hostActivations[typeof layer.activation === 'string' ? layer.activation : 'linear']!;
    const out = new Float64Array(n * layer.units);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < layer.units; j++) {
        let z = b === undefined ? 0 : (b[j] ?? 0);
        for (let k = 0; k < width; k++) z += (h[i * width + k] ?? 0) * (W[j * width + k] ?? 0);
        out[i * layer.units + j] = act(z);
      }
    }
    h = out;
    width = layer.units;
  });
  const c = spec.outputScale ?? 1;
  let sum = 0;
  for (let i = 0; i < n * width; i++) sum += (c * (h[i] ?? 0) - (y[i] ?? 0)) ** 2;
  return sum / n;
}

/** Central differences in float64 of `f` along every coordinate of the trainable groups. */
function hostGradient(f: (p: HostParams) => number, p: HostParams, names: readonly string[], step = 1e-5): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const name of names) {
    const entry = p.get(name)!;
    const g = new Float64Array(entry.values.length);
    for (let i = 0; i < g.length; i++) {
      const keep = entry.values[i] ?? 0;
      entry.values[i] = keep + step;
      const plus = f(p);
      entry.values[i] = keep - step;
      const minus = f(p);
      entry.values[i] = keep;
      g[i] = (plus - minus) / (2 * step);
    }
    out.set(name, g);
  }
  return out;
}


const mseAt = (y: tf.Tensor2D) => (yhat: tf.Tensor2D) => {
  const r = tf.sub(yhat, y);
  const n = yhat.shape[0];
  return { value: tf.div(tf.sum(tf.square(r)), n) as tf.Scalar, gradient: tf.mul(r, 2 / n) as tf.Tensor2D };
};
const autodiffLoss = (mlp: Mlp, x: tf.Tensor2D, y: tf.Tensor2D) => (params: Params): tf.Scalar =>
  tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(mlp.forward(params, x), y))), x.shape[0]) as tf.Scalar);

const architectures: [string, MlpSpec][] = [
  ['two-layer softplus_2, frozen output (paper)', twoLayerSpec({ inputDim: 3, width: 6, activation: 'softplus:2' })],
  ['two-layer tanh, all trainable, output scale 1/6', twoLayerSpec({ inputDim: 3, width: 6, activation: 'tanh', trainOutput: true, outputScale: 1 / 6, init: 'glorot-normal' })],
  ['depth 3 silu, frozen first bias', deepSpec({ inputDim: 3, widths: [5, 4], activation: 'silu', firstBias: 'frozen', init: 'he-normal' })],
  ['depth 4 sigmoid, 2 outputs', deepSpec({ inputDim: 3, widths: [4, 4, 3], activation: 'sigmoid', outputDim: 2, init: 'glorot-normal' })],
  ['depth 4 softplus:3, all trainable, output scale 0.5 (scaled activations chained)', { ...deepSpec({ inputDim: 3, widths: [5, 4, 3], activation: 'softplus:3', init: 'he-normal' }), outputScale: 0.5 }],
  ['depth 3 hermite:3, no first bias', deepSpec({ inputDim: 3, widths: [4, 3], activation: 'hermite:3', firstBias: 'none', init: 'lecun-normal' })],
];

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('createMlp', () => {
  it('builds groups with the stated shapes, trainability and description', () => {
    const mlp = createMlp(twoLayerSpec({ inputDim: 2, width: 1000, activation: 'softplus:2' }), keyFromSeed(0));
    expect(mlp.trainable).toEqual(['W', 'b']);
    expect(mlp.init['W']?.shape).toEqual([1000, 2]);
    expect(mlp.frozen['layers.1.weight']?.shape).toEqual([1, 1000]);
    expect(describeMlp(mlp)).toBe('2 → 1000 softplus_2 (bias) → 1 linear (no bias, frozen weights)');
    // paper init: W ~ N(0, 1/d), a ~ N(0, 1/h²)
    const std = (t: tf.Tensor): number => {
      const values = Array.from(t.dataSync());
      return Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
    };
    expect(std(mlp.init['W']!)).toBeCloseTo(Math.SQRT1_2, 1);
    expect(std(mlp.frozen['layers.1.weight']!) * 1000).toBeCloseTo(1, 1);
    mlp.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });

  it('collects every problem of a bad spec in one error', () => {
    let message = '';
    try {
      createMlp({ inputDim: 0, layers: [{ units: 3, activation: 'tanh' }, { units: -1 }] } as MlpSpec, keyFromSeed(0));
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/inputDim/);
    expect(message).toMatch(/layers\.1\.units/);
    try {
      createMlp({ inputDim: 2, layers: [{ units: 3, activation: 'relu' }, { units: 2, activation: 'tanhh' }, { units: 1 }] }, keyFromSeed(0));
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/layers\.0\.activation: 'relu' is not smooth/);
    expect(message).toMatch(/layers\.1\.activation: Unknown activation 'tanhh'/);
  });

  it('rejects inputs of the wrong shape, naming the shape', () => {
    const mlp = createMlp(twoLayerSpec({ inputDim: 2, width: 4, activation: 'tanh' }), keyFromSeed(0));
    const x = tf.zeros([5, 3]) as tf.Tensor2D;
    expect(() => mlp.forward(mlp.init, x)).toThrow(/has 3 columns but the model's input dimension is 2/);
    tf.dispose(x);
    mlp.dispose();
  });
});

describe('MLP derivatives against a float64 reference', () => {
  const n = 7;
  for (const [name, spec] of architectures) {
    it(`${name}: forward, autodiff gradient, fused gradient and HVP`, () => {
      const before = tf.memory().numTensors;
      const mlp = createMlp(spec, keyFromSeed(3));
      const m = mlp.outputDim;
      const xValues = sampleNormal(foldIn(keyFromSeed(4), 'x'), n * spec.inputDim);
      const yValues = sampleNormal(foldIn(keyFromSeed(4), 'y'), n * m);
      const x = tf.tensor2d(Float32Array.from(xValues), [n, spec.inputDim]);
      const y = tf.tensor2d(Float32Array.from(yValues), [n, m]);
      // exact float32 inputs for the host so both sides see the same numbers
      const hx = Float64Array.from(x.dataSync());
      const hy = Float64Array.from(y.dataSync());
      const host = toHost(mlp.init, mlp.frozen);
      const f = (p: HostParams): number => hostLoss(spec, p, hx, hy, n);
      const loss = autodiffLoss(mlp, x, y);

      // value
      const value = loss(mlp.init);
      expect(Math.abs((value.dataSync()[0] ?? NaN) - f(host)) / f(host)).toBeLessThan(2e-6);

      // first order: tape and fused pass against float64 central differences
      const names = mlp.trainable;
      const reference = hostGradient(f, host, names);
      const tape = tf.grads((...ts: tf.Tensor[]) => loss(Object.fromEntries(names.map((nm, i) => [nm, ts[i]!]))))(names.map((nm) => mlp.init[nm]!));
      const fused = mlpValueAndGradients(mlp, mlp.init, x, mseAt(y));
      expect(Math.abs((fused.value.dataSync()[0] ?? NaN) - f(host)) / f(host)).toBeLessThan(2e-6);
      names.forEach((nm, i) => {
        expect(relativeError(tape[i]!.dataSync(), reference.get(nm)!), `tape ${nm}`).toBeLessThan(1e-4);
        expect(relativeError(fused.grads[nm]!.dataSync(), reference.get(nm)!), `fused ${nm}`).toBeLessThan(1e-4);
      });

      // second order: HVP = ∇⟨∇f, v⟩ by nested tf.grads, against float64 differences of the
      // float64 gradient along v
      const v: Record<string, tf.Tensor> = {};
      for (const nm of names) v[nm] = tf.tensor(Float32Array.from(sampleNormal(foldIn(keyFromSeed(5), nm), mlp.init[nm]!.size)), mlp.init[nm]!.shape);
      const hvp = tf.grads((...ts: tf.Tensor[]) => {
        const inner = tf.grads((...us: tf.Tensor[]) => loss(Object.fromEntries(names.map((nm, i) => [nm, us[i]!]))))(ts);
        return tf.addN(inner.map((g, i) => tf.sum(tf.mul(g, v[names[i]!]!)))) as tf.Scalar;
      })(names.map((nm) => mlp.init[nm]!));
      const t = 1e-4;
      const shifted = (sign: number): HostParams => {
        const p = toHost(mlp.init, mlp.frozen);
        for (const nm of names) {
          const vv = v[nm]!.dataSync();
          const e = p.get(nm)!;
          for (let i = 0; i < e.values.length; i++) e.values[i] = (e.values[i] ?? 0) + sign * t * (vv[i] ?? 0);
        }
        return p;
      };
      const gPlus = hostGradient(f, shifted(1), names, 1e-4);
      const gMinus = hostGradient(f, shifted(-1), names, 1e-4);
      names.forEach((nm, i) => {
        const plus = gPlus.get(nm)!;
        const minus = gMinus.get(nm)!;
        const want = plus.map((p, j) => (p - (minus[j] ?? 0)) / (2 * t));
        expect(relativeError(hvp[i]!.dataSync(), want), `HVP ${nm}`).toBeLessThan(2e-3);
      });
      tf.dispose([x, y, value, ...tape, ...hvp, fused.value, fused.prediction, ...Object.values(fused.grads), ...Object.values(v)]);
      mlp.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
