import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@derand/backend-wasm';
import { finiteDifferenceHvp, foldIn, gradientOf, hessianVectorProduct, keyFromSeed, sampleNormal, type Params } from '@derand/core';
import { relativeError, startTestEngine } from '@derand/core/testing';
import { createMlp, createTeacher, deepSpec, twoLayerSpec, type MlpSpec, type TeacherSpec } from '@derand/models';
import { logCosh, logistic, mse, type Loss } from '@derand/losses';
import { createDataSource, type DataSpec } from './data.js';
import { structureObjective } from './structure-objective.js';


function setup(student: MlpSpec, teacher: TeacherSpec, data: DataSpec, loss: Loss, lambda = 1e-3) {
  const key = keyFromSeed(21);
  const mlp = createMlp(student, foldIn(key, 'student'));
  const t = createTeacher(teacher, foldIn(key, 'teacher'));
  const source = createDataSource(data, t, foldIn(key, 'data'));
  const objective = structureObjective({ mlp, loss, data: source, lambda });
  return {
    mlp,
    teacher: t,
    objective,
    dispose: () => {
      mlp.dispose();
      t.dispose();
      source.dispose();
    },
  };
}

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('structure objective: fused pass = tape, both orders of derivative', () => {
  const cases: [string, MlpSpec, TeacherSpec, DataSpec, Loss][] = [
    ['paper two-layer, mse, online', twoLayerSpec({ inputDim: 2, width: 32, activation: 'softplus:2' }), { inputDim: 2 }, { kind: 'online', batch: 50 }, mse()],
    ['depth 3 all trainable, log-cosh, fixed minibatch', deepSpec({ inputDim: 4, widths: [16, 8], activation: 'tanh', init: 'glorot-normal' }), { inputDim: 4, k: 2, directions: 'random' }, { kind: 'fixed', size: 200, batch: 40 }, logCosh()],
    ['two-layer, logistic on sign labels, quadrature', twoLayerSpec({ inputDim: 2, width: 16, activation: 'silu', trainOutput: true }), { inputDim: 2, labels: 'sign' }, { kind: 'quadrature', points: 12 }, logistic()],
  ];
  for (const [name, student, teacher, data, loss] of cases) {
    it(`${name}`, () => {
      const before = tf.memory().numTensors;
      const s = setup(student, teacher, data, loss);
      expect(s.objective.fused).toBe(true);
      const key = foldIn(keyFromSeed(5), 7);
      const params = s.mlp.init;
      const plainData = createDataSource(data, s.teacher, foldIn(keyFromSeed(21), 'data'));
      const plain = structureObjective({ mlp: s.mlp, loss, data: plainData, lambda: 1e-3, fused: false });
      // value and gradient: fused (the valueAndGrad hook) against the tape
      const fusedGrads = gradientOf(s.objective, params, key);
      const tapeGrads = gradientOf(plain, params, key);
      const fusedValue = tf.tidy(() => s.objective.value(params, key).dataSync()[0]!);
      const tapeValue = tf.tidy(() => plain.value(params, key).dataSync()[0]!);
      expect(Math.abs(fusedValue - tapeValue) / Math.abs(tapeValue)).toBeLessThan(1e-6);
      for (const g of s.mlp.trainable) expect(relativeError(fusedGrads[g]!.dataSync(), tapeGrads[g]!.dataSync()), g).toBeLessThan(1e-5);
      // Hessian–vector product by nested autodiff (tape path) against central differences of the
      // fused gradient
      const v: Record<string, tf.Tensor> = {};
      for (const g of s.mlp.trainable) v[g] = tf.tensor(Float32Array.from(sampleNormal(foldIn(keyFromSeed(6), g), params[g]!.size)), params[g]!.shape);
      const hv = hessianVectorProduct(s.objective, params, v, key);
      const fd = finiteDifferenceHvp(s.objective, params, v, key);
      const flat = (p: Params): number[] => s.mlp.trainable.flatMap((g) => Array.from(p[g]!.dataSync()));
      expect(relativeError(flat(hv), flat(fd))).toBeLessThan(5e-3);
      tf.dispose([...Object.values(fusedGrads), ...Object.values(tapeGrads), ...Object.values(v), ...Object.values(hv), ...Object.values(fd)]);
      plainData.dispose();
      s.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe("Stein's identity behind the lemma, on the population risk (Gauss–Hermite, d = 2)", () => {
  it('∇_W f·P⊥ = (∇²_b f + 2λI)·W⊥ at an arbitrary point', () => {
    // f(W, b) = E_x[ℓ(a·φ(Wx + b), tanh(u·x))] + λ‖W‖²: Stein's lemma on x⊥ = P⊥x gives the
    // identity exactly for the population risk; 40² nodes make the quadrature error negligible.
    const lambda = 1e-3;
    const s = setup(twoLayerSpec({ inputDim: 2, width: 24, activation: 'softplus:2' }), { inputDim: 2 }, { kind: 'quadrature', points: 40 }, mse(), lambda);
    const key = keyFromSeed(0);
    // an arbitrary point: scale up the output layer so curvature is not negligible
    const grads = gradientOf(s.objective, s.mlp.init, key);
    const W = s.mlp.init['W']!.arraySync() as number[][];
    const gW = grads['W']!.arraySync() as number[][];
    const u = [Math.SQRT1_2, Math.SQRT1_2];
    const perp = (row: number[]): number[] => {
      const dot = row[0]! * u[0]! + row[1]! * u[1]!;
      return [row[0]! - dot * u[0]!, row[1]! - dot * u[1]!];
    };
    const wPerp = W.map(perp);
    const left = gW.map(perp);
    // (∇²_b f) v for v = each column of W⊥, by nested autodiff on the b block only
    const right = wPerp.map(() => [0, 0]);
    for (const c of [0, 1]) {
      const column = tf.tensor1d(wPerp.map((r) => r[c]!));
      const restricted = { W: s.mlp.init['W']!, b: s.mlp.init['b']! };
      const hv = hessianVectorProduct(
        { init: restricted, value: (p, k) => s.objective.value({ ...restricted, ...p }, k) },
        { b: restricted.b },
        { b: column },
        key,
      );
      const values = hv['b']!.dataSync();
      wPerp.forEach((r, i) => (right[i]![c] = values[i]! + 2 * lambda * r[c]!));
      tf.dispose([column, ...Object.values(hv)]);
    }
    expect(relativeError(left.flat(), right.flat())).toBeLessThan(2e-3);
    tf.dispose(Object.values(grads));
    s.dispose();
  });
});

describe('structure objective input checks', () => {
  it('collects bad λ and λ groups, and rejects quadrature in high dimension', () => {
    const s = setup(twoLayerSpec({ inputDim: 2, width: 4, activation: 'tanh' }), { inputDim: 2 }, { kind: 'online', batch: 4 }, mse());
    const data = createDataSource({ kind: 'online', batch: 4 }, s.teacher, keyFromSeed(0));
    expect(() => structureObjective({ mlp: s.mlp, loss: mse(), data, lambda: -1, lambdaGroups: ['W', 'a'] })).toThrow(
      /lambda: must be a finite number ≥ 0[\s\S]*'a' is not a trainable group \(trainable: W, b\)/,
    );
    const teacher = createTeacher({ inputDim: 5 }, keyFromSeed(0));
    expect(() => createDataSource({ kind: 'quadrature', points: 10 }, teacher, keyFromSeed(0))).toThrow(/Quadrature data needs d ≤ 3 \(got d = 5\)/);
    teacher.dispose();
    s.dispose();
  });
});
