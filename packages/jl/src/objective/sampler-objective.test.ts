import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoTensorLeak, foldIn, hessianVectorProduct, keyFromSeed, randomNormal, sampleNormal, type Params } from '@derand/core';
import { relativeError, startTestEngine } from '@derand/core/testing';
import { PAIR_HEAD_JOIN as WASM_PAIR_HEAD_JOIN, PAIR_HEAD_START as WASM_PAIR_HEAD_START, THREAD_MATMUL_JOIN as WASM_THREAD_MATMUL_JOIN, THREAD_MATMUL_START as WASM_THREAD_MATMUL_START, wasmBackend } from '@derand/backend-wasm';
import { uniformUnitRows } from '../data/uniform-rows.js';
import { samplePairs } from '../distortion/sample-pairs.js';
import { createProblemTensors } from '../distortion/problem-tensors.js';
import { createProblem, type JlProblem } from '../problem/problem.js';
import { jlLossOf, type JlLossKind } from './losses.js';
import { fusedDistortionLoss, fusedIsotropicPass, PAIR_HEAD_JOIN, PAIR_HEAD_START, THREAD_MATMUL_JOIN, THREAD_MATMUL_START } from './fused-distortion-loss.js';
import { availableParallelism } from 'node:os';
import { samplerObjective, type SamplerFactor } from './sampler-objective.js';

/** Float64 reference of the objective, written from the definitions (no Gram trick, no masking). */
interface HostSpec {
  readonly loss: JlLossKind;
  readonly sampler: SamplerFactor;
  readonly tau: number;
  readonly lambda: number;
  readonly epsilon?: number;
  readonly width?: number;
  /** Noise draws E_s (S × k × r) and, for sampled pairs, the pair lists. */
  readonly noise?: Float64Array[];
  readonly pairs?: { i: Int32Array; j: Int32Array };
}

function itemsOf(problem: JlProblem, spec: HostSpec): Float64Array[] {
  const { n, r, coords } = problem;
  const row = (i: number) => coords.subarray(i * r, (i + 1) * r);
  if (problem.kind !== 'pairwise') return Array.from({ length: n }, (_, i) => Float64Array.from(row(i)));
  const out: Float64Array[] = [];
  const diff = (i: number, j: number) => Float64Array.from(row(i), (v, q) => v - row(j)[q]!);
  if (spec.pairs !== undefined) for (let t = 0; t < spec.pairs.i.length; t++) out.push(diff(spec.pairs.i[t]!, spec.pairs.j[t]!));
  else for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push(diff(i, j));
  return out;
}

function hostDeltas(a: Float64Array, k: number, r: number, items: Float64Array[]): number[] {
  return items.map((u) => {
    let num = 0;
    let den = 0;
    for (let q = 0; q < r; q++) den += u[q]! ** 2;
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let q = 0; q < r; q++) s += a[b * r + q]! * u[q]!;
      num += s * s;
    }
    return num / (k * den) - 1;
  });
}

function hostSmoothMax(delta: number[], tau: number, weight: number): number {
  const m = Math.max(...delta.map(Math.abs)) / tau;
  let s = 0;
  for (const d of delta) s += Math.exp(d / tau - m) + Math.exp(-d / tau - m);
  return tau * (Math.log(weight * s) + m);
}

/** f(params) in float64: params = { b = vec M, W = σ | vec S } as flat arrays. */
function hostObjective(problem: JlProblem, k: number, spec: HostSpec, p: Record<string, Float64Array>): number {
  const r = problem.r;
  const items = itemsOf(problem, spec);
  const weight = spec.pairs === undefined ? 1 : problem.pairs!.total / spec.pairs.i.length;
  const matrices: Float64Array[] =
    spec.sampler === 'none'
      ? [p['b']!]
      : spec.noise!.map((e) => Float64Array.from(p['b']!, (m, t) => m + (spec.sampler === 'isotropic' ? p['W']![0]! : p['W']![t]!) * e[t]!));
  const g = matrices.map((a) => {
    const delta = hostDeltas(a, k, r, items);
    if (spec.loss === 'batch-max') return Math.max(...delta.map(Math.abs));
    const smax = hostSmoothMax(delta, spec.tau, weight);
    return spec.loss === 'smooth-max' ? smax : 1 / (1 + Math.exp(-(smax - spec.epsilon!) / spec.width!));
  });
  const expectation = spec.loss === 'batch-max' ? Math.max(...g) : g.reduce((x, y) => x + y, 0) / g.length;
  let penalty = 0;
  if (spec.sampler === 'isotropic') penalty = spec.lambda * k * r * p['W']![0]! ** 2;
  if (spec.sampler === 'diagonal') penalty = spec.lambda * p['W']!.reduce((x, y) => x + y * y, 0);
  return expectation + penalty;
}

function finiteDifferenceGradient(f: (p: Record<string, Float64Array>) => number, p: Record<string, Float64Array>, h = 1e-6): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(p)) {
    const grad = new Float64Array(values.length);
    for (let t = 0; t < values.length; t++) {
      const plus = { ...p, [name]: Float64Array.from(values) };
      const minus = { ...p, [name]: Float64Array.from(values) };
      plus[name]![t] = values[t]! + h;
      minus[name]![t] = values[t]! - h;
      grad[t] = (f(plus) - f(minus)) / (2 * h);
    }
    out[name] = grad;
  }
  return out;
}


const k = 4;
const key = keyFromSeed(11);

function setup(kind: 'norms' | 'pairwise', sampler: SamplerFactor, pairs: 'exact' | 'sampled' = 'exact') {
  const data = uniformUnitRows(10, 16, foldIn(keyFromSeed(3), 'data'));
  const problem = createProblem(data, { kind, pairs, pairBatch: 17 });
  const r = problem.r;
  const host: Record<string, Float64Array> = { b: sampleNormal(foldIn(keyFromSeed(5), 'M'), k * r) };
  if (sampler === 'isotropic') host['W'] = Float64Array.of(0.3);
  if (sampler === 'diagonal') host['W'] = Float64Array.from(sampleNormal(foldIn(keyFromSeed(5), 'S'), k * r), (v) => 0.2 + 0.05 * v);
  const shapes: Record<string, number[]> = { b: [k * r], W: sampler === 'isotropic' ? [] : [k * r] };
  const init: Params = Object.fromEntries(Object.entries(host).map(([name, v]) => [name, tf.tensor(Float32Array.from(v), shapes[name]!)]));
  // round the host copy to float32 so both sides start from the same point
  for (const [name, v] of Object.entries(host)) host[name] = Float64Array.from(Float32Array.from(v));
  const mean0 = tf.tensor2d(Float32Array.from(host['b']!), [k, r]);
  return { problem, tensors: createProblemTensors(problem, k), init, host, r, mean0 };
}

function noiseFor(samples: number, r: number): Float64Array[] {
  // the core's lemma objective draws z with randomNormal(foldIn(key, 'lemma-x'), [S, k·r]); the host kernel uses sampleNormal
  const all = Float64Array.from(Float32Array.from(sampleNormal(foldIn(key, 'lemma-x'), samples * k * r)));
  return Array.from({ length: samples }, (_, s) => all.slice(s * k * r, (s + 1) * k * r));
}

function tfGradient(objective: ReturnType<typeof samplerObjective>, params: Params): { value: number; grads: Record<string, Float32Array> } {
  return tf.tidy(() => {
    const names = Object.keys(params);
    const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => objective.value(Object.fromEntries(names.map((n, i) => [n, xs[i]!])), key))(names.map((n) => params[n]!));
    return { value: value.dataSync()[0]!, grads: Object.fromEntries(names.map((n, i) => [n, grads[i]!.dataSync() as Float32Array])) };
  });
}

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

interface ObjectiveCase {
  readonly name: string;
  readonly kind: 'norms' | 'pairwise';
  readonly sampler: SamplerFactor;
  readonly loss: JlLossKind;
  readonly pairs?: 'exact' | 'sampled';
  readonly samples?: number;
}

/** A case's problem, its objective (τ = 0.2, λ = 1e-2, ε = 0.3, w = 0.1) and the float64 reference's spec on the same draws. */
function caseSetup(c: ObjectiveCase) {
  const { problem, tensors, init, host, r, mean0 } = setup(c.kind, c.sampler, c.pairs);
  const tau = 0.2;
  const lambda = 1e-2;
  const objective = samplerObjective(tensors, { loss: c.loss, factor: c.sampler, temperature: tau, samples: c.samples ?? 1, lambda, epsilon: 0.3, width: 0.1, mean0 });
  const spec: HostSpec = {
    loss: c.loss,
    sampler: c.sampler,
    tau,
    lambda,
    epsilon: 0.3,
    width: 0.1,
    ...(c.sampler === 'none' ? {} : { noise: noiseFor(c.samples ?? 1, r) }),
    ...(c.pairs === 'sampled' ? { pairs: samplePairs(foldIn(key, 'pairs'), problem.n, 17) } : {}),
  };
  return { problem, tensors, init, host, r, mean0, objective, spec, lambda };
}

describe('samplerObjective against a float64 reference', () => {
  const cases: ObjectiveCase[] = [
    { name: 'direct smooth max, exact pairs (Gram form)', kind: 'pairwise', sampler: 'none', loss: 'smooth-max' },
    { name: 'isotropic sampler smooth max, norms', kind: 'norms', sampler: 'isotropic', loss: 'smooth-max', samples: 3 },
    { name: 'diagonal sampler smooth max, exact pairs', kind: 'pairwise', sampler: 'diagonal', loss: 'smooth-max', samples: 2 },
    { name: 'isotropic sampler violation, exact pairs', kind: 'pairwise', sampler: 'isotropic', loss: 'violation', samples: 2 },
    { name: 'direct smooth max, sampled pairs (unbiased weight)', kind: 'pairwise', sampler: 'none', loss: 'smooth-max', pairs: 'sampled' },
    { name: 'isotropic sampler smooth max, sampled pairs', kind: 'pairwise', sampler: 'isotropic', loss: 'smooth-max', pairs: 'sampled', samples: 2 },
  ];
  for (const c of cases) {
    it(`${c.name}: value and gradient`, () => {
      const { problem, tensors, init, host, r, mean0, objective, spec, lambda } = caseSetup(c);
      const reference = hostObjective(problem, k, spec, host);
      const { value, grads } = tfGradient(objective, init);
      expect(Math.abs(value - reference) / Math.abs(reference)).toBeLessThan(2e-5);
      const fd = finiteDifferenceGradient((p) => hostObjective(problem, k, spec, p), host);
      for (const name of Object.keys(host)) expect(relativeError(grads[name]!, fd[name]!), name).toBeLessThan(2e-3);
      if (c.sampler === 'none') expect(objective.lemma).toBeUndefined();
      else expect(objective.lemma).toMatchObject({ noiseGroups: ['W'], lambda, factor: c.sampler, dimension: k * r, applies: true });
      objective.dispose?.();
      tensors.dispose();
      tf.dispose([...Object.values(init), mean0]);
    });
  }

  const fusedCases: ObjectiveCase[] = [
    ...cases,
    { name: 'direct violation, sampled pairs', kind: 'pairwise', sampler: 'none', loss: 'violation', pairs: 'sampled' },
    { name: 'diagonal sampler violation, norms', kind: 'norms', sampler: 'diagonal', loss: 'violation', samples: 3 },
  ];
  for (const c of fusedCases) {
    it(`${c.name}: the fused first-order pass (no tape) against the float64 reference and the tape`, () => {
      const { problem, tensors, init, host, mean0, objective, spec } = caseSetup(c);
      expect(Object.keys(objective)).toContain('valueAndGrad');
      const fused = tf.tidy(() => {
        const { value, grads } = objective.valueAndGrad!(init, key);
        return { value: value.dataSync()[0]!, grads: Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, g.dataSync() as Float32Array])) };
      });
      const reference = hostObjective(problem, k, spec, host);
      expect(Math.abs(fused.value - reference) / Math.abs(reference)).toBeLessThan(2e-5);
      const fd = finiteDifferenceGradient((p) => hostObjective(problem, k, spec, p), host);
      const tape = tfGradient(objective, init);
      expect(Object.keys(fused.grads).sort()).toEqual(Object.keys(host).sort());
      for (const name of Object.keys(host)) {
        expect(relativeError(fused.grads[name]!, fd[name]!), name).toBeLessThan(2e-3);
        expect(relativeError(fused.grads[name]!, tape.grads[name]!), `${name} against the tape`).toBeLessThan(1e-4);
      }
      objective.dispose?.();
      tensors.dispose();
      tf.dispose([...Object.values(init), mean0]);
    });
  }

  it('the isotropic pass (projections of M and Z_s apart, one matmul back) equals the per-sample fused loss contracted by hand', () => {
    for (const [kind, pairs] of [['pairwise', 'exact'], ['pairwise', 'sampled'], ['norms', 'exact']] as const) {
      const { tensors, r, init, mean0 } = setup(kind, 'isotropic', pairs);
      tf.dispose([...Object.values(init), mean0]);
      const holder = { value: 0.2 };
      const outer = jlLossOf('smooth-max').ofSmoothMax!;
      const perSample = fusedDistortionLoss(tensors, outer, holder);
      const pass = fusedIsotropicPass(tensors, outer, holder);
      const [want, got] = [0, 1].map((which) =>
        tf.tidy(() => {
          const b = tf.mul<tf.Tensor1D>(randomNormal(foldIn(key, 'b'), [k * r]), 0.5);
          const z = randomNormal<tf.Rank.R2>(foldIn(key, 'z'), [3, k * r]);
          const sigma = tf.scalar(0.3);
          const weights = tf.tensor1d([0.5, 0.3, 0.2]);
          if (which === 1) {
            const { values, grads } = pass({ W: sigma, b, z, weights }, key);
            return [values, grads.b, grads.W!].map((t) => Array.from(t.dataSync()));
          }
          const { values, dy } = perSample(tf.add(tf.mul(z, sigma), b), {}, key);
          const weighted = tf.mul(dy, tf.expandDims(weights, 1));
          return [values, tf.sum(weighted, 0), tf.sum(tf.mul(weighted, z))].map((t) => Array.from(t.dataSync()));
        }),
      );
      for (const [part, name] of ['values', '∂b', '∂σ'].entries()) {
        expect(relativeError(Float32Array.from(got![part]!), Float32Array.from(want![part]!)), `${kind} ${pairs}: ${name}`).toBeLessThan(1e-5);
      }
      tensors.dispose();
    }
  });

  it('exact pairs with S·n² ≥ 2²⁰ hand half the samples (their projections and heads) to the pair-head thread where the backend has it, with the one-thread results bit for bit', () => {
    const data = uniformUnitRows(512, 20, foldIn(keyFromSeed(4), 'data'));
    const problem = createProblem(data, { kind: 'pairwise' });
    const tensors = createProblemTensors(problem, 5);
    const mean0 = tf.mul<tf.Tensor2D>(randomNormal(foldIn(key, 'M'), [5, problem.r]), 0.3);
    const objective = samplerObjective(tensors, { loss: 'smooth-max', factor: 'isotropic', temperature: 0.1, samples: 4, lambda: 1e-3, mean0 });
    const run = (): number[][] =>
      tf.tidy(() => {
        const { value, grads } = objective.valueAndGrad!(objective.init, key);
        return [value, grads['b']!, grads['W']!].map((t) => Array.from(t.dataSync()));
      });
    expect([PAIR_HEAD_START, PAIR_HEAD_JOIN, THREAD_MATMUL_START, THREAD_MATMUL_JOIN]).toEqual([WASM_PAIR_HEAD_START, WASM_PAIR_HEAD_JOIN, WASM_THREAD_MATMUL_START, WASM_THREAD_MATMUL_JOIN]);
    const start = tf.getKernel(PAIR_HEAD_START, tf.getBackend());
    expect(tf.getKernel(THREAD_MATMUL_START, tf.getBackend()) !== undefined).toBe(start !== undefined);
    // registered in Node with two cores (@derand/backend-wasm's own tests check where it is)
    expect(start === undefined).toBe(availableParallelism() < 2);
    const split = run();
    if (start !== undefined) tf.unregisterKernel(PAIR_HEAD_START, tf.getBackend());
    const single = run();
    if (start !== undefined) tf.registerKernel(start);
    expect(split).toEqual(single);
    expect(Math.abs(single[2]![0]!)).toBeGreaterThan(0);
    objective.dispose?.();
    tensors.dispose();
    mean0.dispose();
  });

  it('the general factor gets the fused pass too, equal to its tape; the batch max keeps the tape', () => {
    const { tensors, mean0 } = setup('pairwise', 'isotropic');
    const full = samplerObjective(tensors, { loss: 'smooth-max', factor: 'full', temperature: 0.2, samples: 3, lambda: 1e-2, sigma0: 0.3, mean0 });
    const fused = tf.tidy(() => Object.fromEntries(Object.entries(full.valueAndGrad!(full.init, key).grads).map(([n, g]) => [n, g.dataSync() as Float32Array])));
    const tape = tfGradient(full, full.init).grads;
    for (const name of ['W', 'b']) expect(relativeError(fused[name]!, tape[name]!), name).toBeLessThan(1e-4);
    const batchMax = samplerObjective(tensors, { loss: 'batch-max', factor: 'isotropic', temperature: 1, samples: 5, lambda: 1e-2, mean0 });
    expect(Object.keys(batchMax)).not.toContain('valueAndGrad');
    full.dispose?.();
    batchMax.dispose?.();
    tensors.dispose();
    mean0.dispose();
  });

  it('batch max (the authors’ loss) is the max over the batch and all items, and the lemma is stated not to apply', () => {
    const { problem, tensors, init, host, r, mean0 } = setup('norms', 'isotropic');
    const objective = samplerObjective(tensors, { loss: 'batch-max', factor: 'isotropic', temperature: 1, samples: 5, lambda: 1e-2, mean0 });
    const reference = hostObjective(problem, k, { loss: 'batch-max', sampler: 'isotropic', tau: 1, lambda: 1e-2, noise: noiseFor(5, r) }, host);
    expect(tf.tidy(() => objective.value(init, key).dataSync()[0]!)).toBeCloseTo(reference, 5);
    expect(objective.lemma).toMatchObject({ applies: false, reason: expect.stringContaining('max') });
    objective.dispose?.();
    tensors.dispose();
    tf.dispose([...Object.values(init), mean0]);
  });

  it('the general factor with W = σI equals the isotropic sampler on the same draws, and takes sampled pairs', () => {
    for (const pairs of ['exact', 'sampled'] as const) {
      const { problem, tensors, init, host, r, mean0 } = setup('pairwise', 'isotropic', pairs);
      const sigma = host['W']![0]!;
      const full = samplerObjective(tensors, { loss: 'smooth-max', factor: 'full', temperature: 0.2, samples: 3, lambda: 1e-2, sigma0: sigma, mean0 });
      const isotropic = samplerObjective(tensors, { loss: 'smooth-max', factor: 'isotropic', temperature: 0.2, samples: 3, lambda: 1e-2, mean0 });
      expect(full.lemma).toMatchObject({ noiseGroups: ['W'], lambda: 1e-2, factor: 'full', applies: true });
      const spec: HostSpec = { loss: 'smooth-max', sampler: 'isotropic', tau: 0.2, lambda: 1e-2, noise: noiseFor(3, r), ...(pairs === 'sampled' ? { pairs: samplePairs(foldIn(key, 'pairs'), problem.n, 17) } : {}) };
      const { value, grads } = tfGradient(full, full.init);
      const reference = hostObjective(problem, k, spec, host);
      expect(Math.abs(value - reference) / value).toBeLessThan(2e-5);
      expect(Math.abs(tfGradient(isotropic, init).value - reference) / value).toBeLessThan(2e-5);
      const fd = finiteDifferenceGradient((p) => hostObjective(problem, k, spec, p), host);
      expect(relativeError(grads['b']!, fd['b']!)).toBeLessThan(2e-3);
      // ⟨∂f/∂W, I⟩ is the derivative along W = σI, i.e. ∂f/∂σ
      let trace = 0;
      for (let a = 0; a < k * r; a++) trace += grads['W']![a * k * r + a]!;
      expect(trace).toBeCloseTo(fd['W']![0]!, 3);
      full.dispose?.();
      isotropic.dispose?.();
      tensors.dispose();
      tf.dispose([...Object.values(init), mean0]);
    }
  });

  it('Hessian–vector products through the smooth max are right (second-order autodiff vs float64 differences)', () => {
    const { problem, tensors, init, host, mean0 } = setup('pairwise', 'none');
    const tau = 0.2;
    const objective = samplerObjective(tensors, { loss: 'smooth-max', factor: 'none', temperature: tau, mean0 });
    const spec: HostSpec = { loss: 'smooth-max', sampler: 'none', tau, lambda: 0 };
    const v = Float64Array.from(Float32Array.from(sampleNormal(keyFromSeed(9), host['b']!.length)));
    const hv = tf.tidy(() => {
      const vTensor = { b: tf.tensor(Float32Array.from(v), init['b']!.shape) };
      return hessianVectorProduct(objective, init, vTensor, key)['b']!.dataSync();
    });
    // H v ≈ (∇f(M + hv) − ∇f(M − hv)) / 2h, each gradient by float64 central differences
    const h = 1e-3;
    const at = (sign: number) => finiteDifferenceGradient((p) => hostObjective(problem, k, spec, p), { b: Float64Array.from(host['b']!, (m, t) => m + sign * h * v[t]!) }, 1e-5)['b']!;
    const plus = at(1);
    const minus = at(-1);
    const reference = Float64Array.from(plus, (g, t) => (g - minus[t]!) / (2 * h));
    expect(relativeError(hv, reference)).toBeLessThan(5e-3);
    objective.dispose?.();
    tensors.dispose();
    tf.dispose([...Object.values(init), mean0]);
  });

  it('is a pure function of (params, key) and leaks no tensors', async () => {
    const { tensors, init, mean0 } = setup('pairwise', 'isotropic');
    const objective = samplerObjective(tensors, { loss: 'smooth-max', factor: 'isotropic', temperature: 0.1, samples: 4, lambda: 1e-3, mean0 });
    const read = (kk = key) => tf.tidy(() => objective.value(init, kk).dataSync()[0]!);
    expect(read()).toBe(read());
    expect(read(keyFromSeed(12))).not.toBe(read());
    await expectNoTensorLeak(() => {
      tfGradient(objective, init);
      read();
      tf.tidy(() => objective.valueAndGrad!(init, key).value.dataSync());
    }, 'objective value and gradient, tape and fused');
    objective.dispose?.();
    tensors.dispose();
    tf.dispose([...Object.values(init), mean0]);
  });
});
