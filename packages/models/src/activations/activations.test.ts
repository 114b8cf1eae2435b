import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@derand/backend-wasm';
import { startTestEngine } from '@derand/core/testing';
import { SOFTPLUS_WITH_DERIVATIVE as WASM_SOFTPLUS_WITH_DERIVATIVE } from '@derand/backend-wasm';
import { hermiteCoefficients } from './hermite.js';
import { SOFTPLUS_WITH_DERIVATIVE } from './softplus.js';
import { resolveActivation, type ActivationSpec } from './resolve-activation.js';

/** Independent float64 closed forms: φ, φ′, φ″. */
interface Reference {
  readonly spec: ActivationSpec;
  readonly f: (z: number) => number;
  readonly d1: (z: number) => number;
  readonly d2: (z: number) => number;
}

const sig = (z: number): number => 1 / (1 + Math.exp(-z));
const pdf = (z: number): number => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
/** Φ(z) = ½ + ∫₀^z φ_N by composite Simpson with 4000 panels (error below 1e-13 here). */
function cdf(z: number): number {
  const panels = 4000;
  const h = z / panels;
  let sum = pdf(0) + pdf(z);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * pdf(i * h);
  return 0.5 + (sum * h) / 3;
}
const softplus = (t: number): number => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));

/** He₄(z) = z⁴ − 6z² + 3 and its derivatives, written out by hand. */
const he4 = { f: (z: number) => z ** 4 - 6 * z ** 2 + 3, d1: (z: number) => 4 * z ** 3 - 12 * z, d2: (z: number) => 12 * z ** 2 - 12 };

const references: Reference[] = [
  { spec: 'softplus', f: softplus, d1: sig, d2: (z) => sig(z) * (1 - sig(z)) },
  { spec: 'softplus:2', f: (z) => softplus(2 * z) / 2, d1: (z) => sig(2 * z), d2: (z) => 2 * sig(2 * z) * (1 - sig(2 * z)) },
  { spec: { id: 'softplus', sharpness: 10 }, f: (z) => softplus(10 * z) / 10, d1: (z) => sig(10 * z), d2: (z) => 10 * sig(10 * z) * (1 - sig(10 * z)) },
  { spec: 'tanh', f: Math.tanh, d1: (z) => 1 - Math.tanh(z) ** 2, d2: (z) => -2 * Math.tanh(z) * (1 - Math.tanh(z) ** 2) },
  { spec: 'sigmoid', f: sig, d1: (z) => sig(z) * (1 - sig(z)), d2: (z) => sig(z) * (1 - sig(z)) * (1 - 2 * sig(z)) },
  { spec: 'gelu', f: (z) => z * cdf(z), d1: (z) => cdf(z) + z * pdf(z), d2: (z) => pdf(z) * (2 - z * z) },
  { spec: 'silu', f: (z) => z * sig(z), d1: (z) => sig(z) * (1 + z * (1 - sig(z))), d2: (z) => sig(z) * (1 - sig(z)) * (2 + z * (1 - 2 * sig(z))) },
  { spec: 'quadratic', f: (z) => z * z / 2, d1: (z) => z, d2: () => 1 },
  { spec: 'cubic', f: (z) => z ** 3 - z, d1: (z) => 3 * z * z - 1, d2: (z) => 6 * z },
  { spec: 'hermite:4', ...he4 },
  { spec: 'hermite:4:normalized', f: (z) => he4.f(z) / Math.sqrt(24), d1: (z) => he4.d1(z) / Math.sqrt(24), d2: (z) => he4.d2(z) / Math.sqrt(24) },
  { spec: 'linear', f: (z) => z, d1: () => 1, d2: () => 0 },
];

// Points avoid 0 exactly for nothing in particular; include tails where naive formulas overflow.
const points = [...Array.from({ length: 33 }, (_, i) => -3 + (6 * i) / 32), -9.5, 9.5, -0.013, 0.021];
const tails = [-60, -30, 30, 60];

function close(actual: ArrayLike<number>, expected: (z: number) => number, zs: readonly number[], tol: number, what: string): void {
  zs.forEach((z, i) => {
    const want = expected(z);
    const got = actual[i] ?? NaN;
    const err = Math.abs(got - want) / (1 + Math.abs(want));
    expect(err, `${what} at z=${z}: got ${got}, want ${want}`).toBeLessThan(tol);
  });
}

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('float64 references are self-consistent (central differences)', () => {
  for (const ref of references) {
    it(`${JSON.stringify(ref.spec)}: f′ and f″ match differences of f and f′`, () => {
      const h = 1e-5;
      for (const z of points) {
        const scale = 1 + Math.abs(ref.d1(z));
        expect(Math.abs((ref.f(z + h) - ref.f(z - h)) / (2 * h) - ref.d1(z)) / scale).toBeLessThan(1e-6);
        expect(Math.abs((ref.d1(z + h) - ref.d1(z - h)) / (2 * h) - ref.d2(z)) / (1 + Math.abs(ref.d2(z)))).toBeLessThan(1e-6);
      }
    });
  }
});

describe('activations: value, first and second derivative against closed forms', () => {
  for (const ref of references) {
    const name = JSON.stringify(ref.spec);
    it(`${name}: apply, derivative, withDerivative, grad and grad∘grad`, () => {
      const phi = resolveActivation(ref.spec);
      expect(phi.smooth).toBe(true);
      const z = tf.tensor1d(points);
      const value = phi.apply(z);
      const derivative = phi.derivative(z);
      const [v2, d2] = phi.withDerivative(z);
      const autodiff1 = tf.grad((x: tf.Tensor) => phi.apply(x))(z);
      // "+ 0·x" keeps x on the tape when φ′ is constant (linear), where tfjs would refuse the gradient.
      const autodiff2 = tf.grad((x: tf.Tensor) => tf.add(tf.grad((y: tf.Tensor) => phi.apply(y))(x), tf.mul(x, 0)))(z);
      const derivativeGrad = tf.grad((x: tf.Tensor) => tf.add(phi.derivative(x), tf.mul(x, 0)))(z);
      close(value.dataSync(), ref.f, points, 3e-6, `${name} φ`);
      close(v2.dataSync(), ref.f, points, 3e-6, `${name} withDerivative φ`);
      close(derivative.dataSync(), ref.d1, points, 3e-6, `${name} φ′`);
      close(d2.dataSync(), ref.d1, points, 3e-6, `${name} withDerivative φ′`);
      close(autodiff1.dataSync(), ref.d1, points, 3e-6, `${name} grad φ`);
      close(autodiff2.dataSync(), ref.d2, points, 3e-5, `${name} grad grad φ`);
      close(derivativeGrad.dataSync(), ref.d2, points, 3e-5, `${name} grad φ′`);
      tf.dispose([z, value, derivative, v2, d2, autodiff1, autodiff2, derivativeGrad]);
      if (value !== z) expect(value.isDisposed).toBe(true);
    });
  }

  it("softplus's withDerivative runs the backend's one-pass kernel where it is registered (wasm), else the stock kernels, with the same values", async () => {
    expect(SOFTPLUS_WITH_DERIVATIVE).toBe(WASM_SOFTPLUS_WITH_DERIVATIVE);
    // on wasm (this suite's backend unless DERAND_TEST_BACKEND names another) the kernel is there
    const registered = tf.getKernel(SOFTPLUS_WITH_DERIVATIVE, tf.getBackend()) !== undefined;
    expect(registered).toBe(tf.getBackend() === 'wasm');
    const phi = resolveActivation('softplus:2');
    const z = tf.tensor1d(points);
    let pair: tf.Tensor[] = [];
    const profile = await tf.profile(() => {
      pair = phi.withDerivative(z);
      return pair;
    });
    const kernels = profile.kernels.map((k) => k.name);
    expect(kernels.includes(SOFTPLUS_WITH_DERIVATIVE)).toBe(registered);
    expect(kernels.includes('Log')).toBe(!registered);
    const [v, d] = pair as [tf.Tensor, tf.Tensor];
    close(v.dataSync(), (x) => Math.log1p(Math.exp(2 * x)) / 2, points, 3e-6, 'softplus_2 one pass φ');
    close(d.dataSync(), (x) => sig(2 * x), points, 3e-6, 'softplus_2 one pass φ′');
    tf.dispose([z, v, d]);
  });

  it('softplus, tanh and sigmoid stay finite and exact in the tails', () => {
    for (const ref of references.filter((r) => typeof r.spec === 'string' && ['softplus', 'softplus:2', 'tanh', 'sigmoid'].includes(r.spec))) {
      const phi = resolveActivation(ref.spec);
      const z = tf.tensor1d(tails);
      const [v, d] = phi.withDerivative(z);
      const second = tf.grad((x: tf.Tensor) => tf.grad((y: tf.Tensor) => phi.apply(y))(x))(z);
      close(v.dataSync(), ref.f, tails, 1e-6, `${JSON.stringify(ref.spec)} φ tails`);
      close(d.dataSync(), ref.d1, tails, 1e-6, `${JSON.stringify(ref.spec)} φ′ tails`);
      close(second.dataSync(), ref.d2, tails, 1e-6, `${JSON.stringify(ref.spec)} φ″ tails`);
      tf.dispose([z, v, d, second]);
    }
  });

  it('relu is offered as a link but flagged as not smooth', () => {
    const phi = resolveActivation('relu');
    expect(phi.smooth).toBe(false);
    const z = tf.tensor1d([-1, 0.5, 2]);
    expect(Array.from(phi.apply(z).dataSync())).toEqual([0, 0.5, 2]);
    expect(Array.from(phi.derivative(z).dataSync())).toEqual([0, 1, 1]);
  });
});

describe('Hermite polynomials', () => {
  it('match the closed forms He₀…He₅ and are orthonormal under N(0,1) when normalised', () => {
    expect(hermiteCoefficients(0)).toEqual([1]);
    expect(hermiteCoefficients(1)).toEqual([0, 1]);
    expect(hermiteCoefficients(2)).toEqual([-1, 0, 1]);
    expect(hermiteCoefficients(3)).toEqual([0, -3, 0, 1]);
    expect(hermiteCoefficients(4)).toEqual([3, 0, -6, 0, 1]);
    expect(hermiteCoefficients(5)).toEqual([0, 15, 0, -10, 0, 1]);
    // E[He_j He_k] = δ_jk by Gauss–Hermite-free Gaussian moments E[g^{2m}] = (2m−1)!!
    const moment = (p: number): number => (p % 2 === 1 ? 0 : Array.from({ length: p / 2 }, (_, i) => 2 * i + 1).reduce((a, b) => a * b, 1));
    for (let j = 0; j <= 5; j++) {
      for (let k = 0; k <= 5; k++) {
        const a = hermiteCoefficients(j, true);
        const b = hermiteCoefficients(k, true);
        let inner = 0;
        a.forEach((ca, p) => b.forEach((cb, q) => (inner += ca * cb * moment(p + q))));
        expect(inner).toBeCloseTo(j === k ? 1 : 0, 10);
      }
    }
  });
});

describe('activation specs', () => {
  it('parse strings and objects, and reject bad ones with the syntax in the message', () => {
    expect(resolveActivation('softplus:2').label).toBe('softplus_2');
    expect(resolveActivation({ id: 'hermite', degree: 3 }).label).toBe('He_3');
    expect(() => resolveActivation('softplos')).toThrow(/Did you mean 'softplus'/);
    expect(() => resolveActivation('softplus:-1')).toThrow(/sharpness must be a finite number > 0/);
    expect(() => resolveActivation('hermite')).toThrow(/needs a degree/);
    expect(() => resolveActivation('tanh:3')).toThrow(/takes no parameter/);
    expect(() => resolveActivation('hermite:2:weird')).toThrow(/normalized/);
  });
});

describe('activation plugins', () => {
  it('a user activation in the registry resolves wherever a built-in does, shorthand included', async () => {
    const { createRegistry, definePlugin, z } = await import('@derand/registry');
    const { activationPlugins } = await import('./plugins.js');
    const { defineActivation } = await import('./activation.js');
    const scaledCube = definePlugin({
      kind: 'activation',
      id: 'scaled-cube',
      summary: 'c·z³',
      options: z.object({ c: z.number().default(1) }).strict(),
      shorthand: ['c'],
      create: (o) => defineActivation({ id: 'scaled-cube', label: `${o.c}z^3`, smooth: true, apply: (v) => tf.mul(o.c, tf.pow(v, 3)), derivative: (v) => tf.mul(3 * o.c, tf.square(v)) }),
    });
    const registry = createRegistry([...activationPlugins, scaledCube]);
    const phi = resolveActivation('scaled-cube:2', registry);
    expect(phi.label).toBe('2z^3');
    expect(Array.from(phi.apply(tf.tensor1d([1, -2])).dataSync())).toEqual([2, -16]);
    expect(resolveActivation({ id: 'scaled-cube', c: 3 }, registry).label).toBe('3z^3');
    expect(resolveActivation('softplus:2', registry).label).toBe('softplus_2');
    expect(() => resolveActivation('scaled-cube')).toThrow(/Unknown activation 'scaled-cube'/);
  });
});
