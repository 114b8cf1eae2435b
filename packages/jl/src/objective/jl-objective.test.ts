import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoTensorLeak, foldIn, hessianVectorProduct, keyFromSeed, sampleNormal, type Params } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { wasmBackend } from '@derand/backend-wasm';
import { uniformUnitRows } from '../data/uniform-rows.js';
import { samplePairs } from '../distortion/sample-pairs.js';
import { createProblemTensors } from '../distortion/problem-tensors.js';
import { createProblem, type JlProblem } from '../problem/problem.js';
import { generalSamplerObjective } from './general-sampler.js';
import { jlObjective, type JlLossKind, type SamplerKind } from './jl-objective.js';

/** Float64 reference of the objective, written from the definitions (no Gram trick, no masking). */
interface HostSpec {
  readonly loss: JlLossKind;
  readonly sampler: SamplerKind;
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

/** f(params) in float64: params = { M, sigma | S } as flat arrays. */
function hostObjective(problem: JlProblem, k: number, spec: HostSpec, p: Record<string, Float64Array>): number {
  const r = problem.r;
  const items = itemsOf(problem, spec);
  const weight = spec.pairs === undefined ? 1 : problem.pairs!.total / spec.pairs.i.length;
  const matrices: Float64Array[] =
    spec.sampler === 'direct'
      ? [p['M']!]
      : spec.noise!.map((e) => Float64Array.from(p['M']!, (m, t) => m + (spec.sampler === 'isotropic' ? p['sigma']![0]! : p['S']![t]!) * e[t]!));
  const g = matrices.map((a) => {
    const delta = hostDeltas(a, k, r, items);
    if (spec.loss === 'batch-max') return Math.max(...delta.map(Math.abs));
    const smax = hostSmoothMax(delta, spec.tau, weight);
    return spec.loss === 'smooth-max' ? smax : 1 / (1 + Math.exp(-(smax - spec.epsilon!) / spec.width!));
  });
  const expectation = spec.loss === 'batch-max' ? Math.max(...g) : g.reduce((x, y) => x + y, 0) / g.length;
  let penalty = 0;
  if (spec.sampler === 'isotropic') penalty = spec.lambda * k * r * p['sigma']![0]! ** 2;
  if (spec.sampler === 'diagonal') penalty = spec.lambda * p['S']!.reduce((x, y) => x + y * y, 0);
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

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-300));
}

const k = 4;
const key = keyFromSeed(11);

function setup(kind: 'norms' | 'pairwise', sampler: SamplerKind, pairs: 'exact' | 'sampled' = 'exact') {
  const data = uniformUnitRows(10, 16, foldIn(keyFromSeed(3), 'data'));
  const problem = createProblem(data, { kind, pairs, pairBatch: 17 });
  const r = problem.r;
  const host: Record<string, Float64Array> = { M: sampleNormal(foldIn(keyFromSeed(5), 'M'), k * r) };
  if (sampler === 'isotropic') host['sigma'] = Float64Array.of(0.3);
  if (sampler === 'diagonal') host['S'] = Float64Array.from(sampleNormal(foldIn(keyFromSeed(5), 'S'), k * r), (v) => 0.2 + 0.05 * v);
  const shapes: Record<string, number[]> = { M: [k, r], sigma: [], S: [k, r] };
  const init: Params = Object.fromEntries(Object.entries(host).map(([name, v]) => [name, tf.tensor(Float32Array.from(v), shapes[name]!)]));
  // round the host copy to float32 so both sides start from the same point
  for (const [name, v] of Object.entries(host)) host[name] = Float64Array.from(Float32Array.from(v));
  return { problem, tensors: createProblemTensors(problem, k), init, host, r };
}

function noiseFor(samples: number, r: number): Float64Array[] {
  // the objective draws E with randomNormal(foldIn(key, 'noise'), [S, k, r]); the host kernel uses sampleNormal
  const all = Float64Array.from(Float32Array.from(sampleNormal(foldIn(key, 'noise'), samples * k * r)));
  return Array.from({ length: samples }, (_, s) => all.slice(s * k * r, (s + 1) * k * r));
}

function tfGradient(objective: ReturnType<typeof jlObjective>, params: Params): { value: number; grads: Record<string, Float32Array> } {
  return tf.tidy(() => {
    const names = Object.keys(params);
    const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => objective.value(Object.fromEntries(names.map((n, i) => [n, xs[i]!])), key))(names.map((n) => params[n]!));
    return { value: value.dataSync()[0]!, grads: Object.fromEntries(names.map((n, i) => [n, grads[i]!.dataSync() as Float32Array])) };
  });
}

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('jlObjective against a float64 reference', () => {
  const cases: { name: string; kind: 'norms' | 'pairwise'; sampler: SamplerKind; loss: JlLossKind; pairs?: 'exact' | 'sampled'; samples?: number }[] = [
    { name: 'direct smooth max, exact pairs (Gram form)', kind: 'pairwise', sampler: 'direct', loss: 'smooth-max' },
    { name: 'isotropic sampler smooth max, norms', kind: 'norms', sampler: 'isotropic', loss: 'smooth-max', samples: 3 },
    { name: 'diagonal sampler smooth max, exact pairs', kind: 'pairwise', sampler: 'diagonal', loss: 'smooth-max', samples: 2 },
    { name: 'isotropic sampler violation, exact pairs', kind: 'pairwise', sampler: 'isotropic', loss: 'violation', samples: 2 },
    { name: 'direct smooth max, sampled pairs (unbiased weight)', kind: 'pairwise', sampler: 'direct', loss: 'smooth-max', pairs: 'sampled' },
  ];
  for (const c of cases) {
    it(`${c.name}: value and gradient`, () => {
      const { problem, tensors, init, host, r } = setup(c.kind, c.sampler, c.pairs);
      const tau = 0.2;
      const lambda = 1e-2;
      const objective = jlObjective(tensors, { loss: c.loss, sampler: c.sampler, temperature: tau, samples: c.samples ?? 1, lambda, epsilon: 0.3, width: 0.1, init });
      const spec: HostSpec = {
        loss: c.loss,
        sampler: c.sampler,
        tau,
        lambda,
        epsilon: 0.3,
        width: 0.1,
        ...(c.sampler === 'direct' ? {} : { noise: noiseFor(c.samples ?? 1, r) }),
        ...(c.pairs === 'sampled' ? { pairs: samplePairs(foldIn(key, 'pairs'), problem.n, 17) } : {}),
      };
      const reference = hostObjective(problem, k, spec, host);
      const { value, grads } = tfGradient(objective, init);
      expect(Math.abs(value - reference) / Math.abs(reference)).toBeLessThan(2e-5);
      const fd = finiteDifferenceGradient((p) => hostObjective(problem, k, spec, p), host);
      for (const name of Object.keys(host)) expect(relativeError(grads[name]!, fd[name]!), name).toBeLessThan(2e-3);
      if (c.sampler !== 'direct' && c.loss !== 'batch-max') expect(objective.lemma).toEqual({ noiseGroups: [c.sampler === 'isotropic' ? 'sigma' : 'S'], lambda });
      objective.dispose?.();
      tensors.dispose();
    });
  }

  it('batch max (the authors’ loss) is the max over the batch and all items, without a lemma block', () => {
    const { problem, tensors, init, host, r } = setup('norms', 'isotropic');
    const objective = jlObjective(tensors, { loss: 'batch-max', sampler: 'isotropic', temperature: 1, samples: 5, lambda: 0, init });
    const reference = hostObjective(problem, k, { loss: 'batch-max', sampler: 'isotropic', tau: 1, lambda: 0, noise: noiseFor(5, r) }, host);
    expect(tf.tidy(() => objective.value(init, key).dataSync()[0]!)).toBeCloseTo(reference, 5);
    expect(objective.lemma).toBeUndefined();
    objective.dispose?.();
    tensors.dispose();
  });

  it('the general sampler (core lemma objective) with W = σI equals the isotropic sampler on the same draws', () => {
    const { problem, tensors, init, host, r } = setup('pairwise', 'isotropic');
    const sigma = host['sigma']![0]!;
    const objective = generalSamplerObjective(tensors, { loss: 'smooth-max', temperature: { value: 0.2 }, samples: 3, mode: 'fresh', lambda: 1e-2, rank: k * r, sigma0: sigma, mean0: init['M'] as tf.Tensor2D });
    expect(objective.lemma).toEqual({ noiseGroups: ['W'], lambda: 1e-2 });
    // the core draws z ~ N(0, I_{k·r}) from foldIn(key, 'lemma-x'), one row per sample
    const z = Float64Array.from(Float32Array.from(sampleNormal(foldIn(key, 'lemma-x'), 3 * k * r)));
    const spec: HostSpec = { loss: 'smooth-max', sampler: 'isotropic', tau: 0.2, lambda: 1e-2, noise: [0, 1, 2].map((s) => z.slice(s * k * r, (s + 1) * k * r)) };
    const { value, grads } = tfGradient(objective, objective.init);
    expect(Math.abs(value - hostObjective(problem, k, spec, host)) / value).toBeLessThan(2e-5);
    const fd = finiteDifferenceGradient((p) => hostObjective(problem, k, spec, p), host);
    expect(relativeError(grads['b']!, fd['M']!)).toBeLessThan(2e-3);
    // ⟨∂f/∂W, I⟩ is the derivative along W = σI, i.e. ∂f/∂σ
    let trace = 0;
    for (let a = 0; a < k * r; a++) trace += grads['W']![a * k * r + a]!;
    expect(trace).toBeCloseTo(fd['sigma']![0]!, 3);
    objective.dispose?.();
    tensors.dispose();
  });

  it('Hessian–vector products through the smooth max are right (second-order autodiff vs float64 differences)', () => {
    const { problem, tensors, init, host } = setup('pairwise', 'direct');
    const tau = 0.2;
    const objective = jlObjective(tensors, { loss: 'smooth-max', sampler: 'direct', temperature: tau, init });
    const spec: HostSpec = { loss: 'smooth-max', sampler: 'direct', tau, lambda: 0 };
    const v = Float64Array.from(Float32Array.from(sampleNormal(keyFromSeed(9), host['M']!.length)));
    const hv = tf.tidy(() => {
      const vTensor = { M: tf.tensor(Float32Array.from(v), init['M']!.shape) };
      return hessianVectorProduct(objective, init, vTensor, key)['M']!.dataSync();
    });
    // H v ≈ (∇f(M + hv) − ∇f(M − hv)) / 2h, each gradient by float64 central differences
    const h = 1e-3;
    const at = (sign: number) => finiteDifferenceGradient((p) => hostObjective(problem, k, spec, p), { M: Float64Array.from(host['M']!, (m, t) => m + sign * h * v[t]!) }, 1e-5)['M']!;
    const plus = at(1);
    const minus = at(-1);
    const reference = Float64Array.from(plus, (g, t) => (g - minus[t]!) / (2 * h));
    expect(relativeError(hv, reference)).toBeLessThan(5e-3);
    objective.dispose?.();
    tensors.dispose();
  });

  it('is a pure function of (params, key) and leaks no tensors', async () => {
    const { tensors, init } = setup('pairwise', 'isotropic');
    const objective = jlObjective(tensors, { loss: 'smooth-max', sampler: 'isotropic', temperature: 0.1, samples: 4, lambda: 1e-3, init });
    const read = (kk = key) => tf.tidy(() => objective.value(init, kk).dataSync()[0]!);
    expect(read()).toBe(read());
    expect(read(keyFromSeed(12))).not.toBe(read());
    await expectNoTensorLeak(() => {
      tfGradient(objective, init);
      read();
    }, 'objective value and gradient');
    objective.dispose?.();
    tensors.dispose();
  });
});
