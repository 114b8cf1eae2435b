import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { certifySecondOrder } from '../certificate/certify.js';
import { foldIn, keyFromSeed, type RandomKey } from '../random/key.js';
import { randomNormal } from '../random/kernels.js';
import { startTestEngine } from '../testing/test-engine.js';
import { hessianDescent } from './hessian-descent.js';
import { minimize } from './minimize.js';
import { adam, authorsPerturbation, gradientDescent, sgdMomentum } from './optimizers.js';
import { disposeParams, paramsToHost, type Params } from '../params/params.js';
import { perturbedGradientDescent, perturbedSgd, pgdThresholds } from './perturbed-gradient-descent.js';
import { disposeState } from './state.js';
import type { GradientTransformation, Objective } from '../params/types.js';

/** An objective over two scalar groups x and y (the point z = (x, y)). */
function objective2d(f: (x: tf.Scalar, y: tf.Scalar, key: RandomKey) => tf.Scalar, start: [number, number]): Objective {
  const init = { x: tf.keep(tf.scalar(start[0])), y: tf.keep(tf.scalar(start[1])) };
  return {
    init,
    value: (p, key) => tf.tidy(() => f(p['x'] as tf.Scalar, p['y'] as tf.Scalar, key)),
    dispose: () => tf.dispose([init.x, init.y]),
  };
}

const parabola = (): Objective => objective2d((x, y) => tf.add(tf.mul(0.5, tf.square(x)), tf.mul(2, tf.square(y))), [1.5, -2]);
const rosenbrock = (): Objective =>
  objective2d((x, y) => tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x))))), [-1.2, 1]);
/** f(x, y) = x² − y² + y⁴/4: strict saddle at 0, minima (0, ±√2) with f = −1. */
const saddleValue = (x: tf.Scalar, y: tf.Scalar): tf.Scalar => tf.add(tf.sub(tf.square(x), tf.square(y)), tf.div(tf.pow(y, 4), 4));
const saddle = (): Objective => objective2d(saddleValue, [0, 0]);
/** The saddle with gradient noise 0.01·ξ (ξ ~ N(0, I) drawn from the sample key). */
const noisySaddle = (): Objective =>
  objective2d((x, y, key) => {
    const xi = randomNormal(foldIn(key, 'xi'), [2]);
    return tf.add(saddleValue(x, y), tf.mul(0.01, tf.add(tf.mul(x, tf.squeeze(tf.slice(xi, [0], [1]))), tf.mul(y, tf.squeeze(tf.slice(xi, [1], [1]))))));
  }, [0, 0]);

const point = (p: Params): [number, number] => {
  const host = paramsToHost(p);
  return [host['x']!.values[0]!, host['y']!.values[0]!];
};

type Problem = 'parabola' | 'rosenbrock' | 'saddle';

interface Case {
  readonly id: string;
  readonly make: (problem: Problem) => GradientTransformation<unknown>;
  /** Steps for the parabola and Rosenbrock. */
  readonly steps: [number, number];
  /** Escapes a strict saddle started exactly at it. */
  readonly escapes: boolean;
}

const pgdSaddle = { mode: 'derived' as const, L: 4, K: 12, rho: 1e-3 };
const cases: Case[] = [
  { id: 'gd', make: () => gradientDescent({ learningRate: 0.002 }), steps: [3000, 20000], escapes: false },
  { id: 'sgd-momentum', make: () => sgdMomentum({ learningRate: 0.0005, momentum: 0.9 }), steps: [3000, 8000], escapes: false },
  { id: 'adam', make: () => adam({ learningRate: 0.02 }), steps: [3000, 6000], escapes: false },
  {
    id: 'pgd (Jin, derived constants)',
    // constants of each problem: L = max curvature, K = max third derivative near the path
    make: (problem) =>
      perturbedGradientDescent(
        problem === 'rosenbrock' ? { mode: 'derived', L: 1200, K: 2400, rho: 1e-4 } : problem === 'parabola' ? { mode: 'derived', L: 4, K: 1, rho: 1e-4 } : pgdSaddle,
        { terminate: false },
      ) as GradientTransformation<unknown>,
    steps: [3000, 30000],
    escapes: true,
  },
  {
    id: 'pgd (thresholds)',
    make: () =>
      perturbedGradientDescent({ mode: 'thresholds', learningRate: 0.002, radius: 1e-3, gThres: 1e-4, fThres: 1e-7, tThres: 50 }, { terminate: false }) as GradientTransformation<unknown>,
    steps: [3000, 20000],
    escapes: true,
  },
  {
    id: 'authors-pgd',
    make: () => authorsPerturbation({ learningRate: 0.002, perturb: { std: 1e-4, threshold: 1e-5, of: ['x', 'y'], groups: ['x', 'y'] } }),
    steps: [3000, 20000],
    escapes: true,
  },
  {
    id: 'adam + perturbation',
    make: () => adam({ learningRate: 0.02, perturb: { std: 1e-3, threshold: 1e-5 } }),
    steps: [3000, 6000],
    escapes: true,
  },
];

beforeAll(async () => {
  await startTestEngine();
});

describe('optimizer conformance', () => {
  describe.each(cases)('$id', (c) => {
    it('minimises a parabola', () => {
      const f = parabola();
      const r = minimize(f, c.make('parabola'), { steps: c.steps[0], key: keyFromSeed(1) });
      const [x, y] = point(r.params);
      expect(Math.hypot(x, y)).toBeLessThan(1e-2);
      expect(r.final.value).toBeLessThan(1e-4);
      disposeParams(r.params);
      disposeState(r.state);
      f.dispose?.();
    });

    it('minimises Rosenbrock from (−1.2, 1)', () => {
      const f = rosenbrock();
      const r = minimize(f, c.make('rosenbrock'), { steps: c.steps[1], key: keyFromSeed(2) });
      const [x, y] = point(r.params);
      expect(Math.hypot(x - 1, y - 1), `ended at (${x}, ${y})`).toBeLessThan(0.05);
      disposeParams(r.params);
      disposeState(r.state);
      f.dispose?.();
    });

    it(c.escapes ? 'escapes the strict saddle started exactly at it' : 'stays at the strict saddle (no noise)', () => {
      const f = saddle();
      const r = minimize(f, c.make('saddle'), { steps: 6000, key: keyFromSeed(3) });
      const [x, y] = point(r.params);
      if (c.escapes) {
        expect(Math.abs(Math.abs(y) - Math.SQRT2), `ended at (${x}, ${y})`).toBeLessThan(1e-2);
        expect(r.final.value).toBeLessThan(-0.999);
      } else {
        expect([x, y]).toEqual([0, 0]);
      }
      disposeParams(r.params);
      disposeState(r.state);
      f.dispose?.();
    });
  });
});

describe('perturbed gradient descent (Jin et al. 2017)', () => {
  it('derives its constants from L, K, ρ, δ, Δ_f, c', () => {
    const t = pgdThresholds({ L: 4, K: 12, rho: 1e-3, delta: 0.1, deltaF: 1, c: 1, dimension: 2 });
    const chi = 3 * Math.max(Math.log((2 * 4 * 1) / (1e-6 * 0.1)), 4);
    expect(t.chi).toBeCloseTo(chi, 10);
    expect(t.learningRate).toBe(0.25);
    expect(t.radius).toBeCloseTo(1e-3 / 4 / chi ** 2, 15);
    expect(t.gThres).toBeCloseTo(1e-3 / chi ** 2, 15);
    expect(t.fThres).toBeCloseTo(Math.sqrt(1e-9 / 12) / chi ** 3, 18);
    expect(t.tThres).toBe(Math.ceil((chi * 4) / Math.sqrt(12e-3)));
  });

  it('escapes the saddle, then terminates at the saved point, which the certificate accepts', () => {
    const f = saddle();
    const key = keyFromSeed(4);
    const atSaddle = certifySecondOrder(f, f.init, { key, rho: 1e-3, K: 12 });
    expect(atSaddle.gradNorm).toBe(0);
    expect(atSaddle.lambdaMin).toBeCloseTo(-2, 4);
    expect(atSaddle.isSOSP).toBe(false);
    const r = minimize(f, perturbedGradientDescent(pgdSaddle), { steps: 20000, key });
    expect(r.reason).toBe('pgd-converged');
    expect(r.steps).toBeLessThan(20000);
    const [x, y] = point(r.params);
    expect(Math.abs(x)).toBeLessThan(1e-3);
    expect(Math.abs(Math.abs(y) - Math.SQRT2)).toBeLessThan(1e-3);
    const atMinimum = certifySecondOrder(f, r.params, { key, rho: 1e-3, K: 12 });
    expect(atMinimum.isSOSP).toBe(true);
    expect(atMinimum.lambdaMin).toBeCloseTo(2, 2);
    disposeParams(r.params);
    disposeState(r.state);
    f.dispose?.();
  });

  it('perturbed SGD escapes with stochastic gradients and reaches a minimum', () => {
    const f = noisySaddle();
    const r = minimize(f, perturbedSgd({ mode: 'thresholds', learningRate: 0.05, radius: 1e-2, gThres: 0.05, fThres: 1e-4, tThres: 30 }), {
      steps: 1500,
      key: keyFromSeed(5),
    });
    const [, y] = point(r.params);
    expect(Math.abs(Math.abs(y) - Math.SQRT2)).toBeLessThan(0.05);
    disposeParams(r.params);
    disposeState(r.state);
    f.dispose?.();
  });

  it('hessian descent leaves the saddle along negative curvature and stops at a ρ-SOSP', () => {
    const f = saddle();
    const r = minimize(f, hessianDescent({ learningRate: 0.1, K: 12, rho: 1e-4 }), { steps: 500, key: keyFromSeed(6) });
    expect(r.reason).toBe('rho-sosp');
    const [, y] = point(r.params);
    expect(Math.abs(Math.abs(y) - Math.SQRT2)).toBeLessThan(1e-3);
    disposeParams(r.params);
    disposeState(r.state);
    f.dispose?.();
  });
});

describe('the training loop', () => {
  const run = (seed: number, steps: number) => {
    const f = saddle();
    const r = minimize(f, perturbedGradientDescent({ mode: 'thresholds', learningRate: 0.01, radius: 0.05, gThres: 1e-2, fThres: 1e-6, tThres: 20 }, { terminate: false }), {
      steps,
      key: keyFromSeed(seed),
      every: 10,
    });
    const out = { z: point(r.params), history: r.history.map((h) => [h.value, h.gradNorm]) };
    disposeParams(r.params);
    disposeState(r.state);
    f.dispose?.();
    return out;
  };

  it('gives the identical trajectory for the same seed, and another for another seed', () => {
    const a = run(7, 400);
    expect(run(7, 400)).toEqual(a);
    expect(run(8, 400)).not.toEqual(a);
  });

  it('keeps tf.memory().numTensors flat over 10 000 steps', () => {
    const f = parabola();
    const before = tf.memory().numTensors;
    const optimizer = authorsPerturbation({ groups: { x: { learningRate: 0.01 }, y: { learningRate: 0.01 } }, perturb: { std: 1e-3, threshold: 1e-2, of: ['x', 'y'], groups: ['x', 'y'] } });
    const r = minimize(f, optimizer, { steps: 10_000, key: keyFromSeed(9), every: 1000 });
    expect(r.steps).toBe(10_000);
    disposeParams(r.params);
    disposeState(r.state);
    expect(tf.memory().numTensors).toBe(before);
    f.dispose?.();
  });

  it('stops on a non-finite value and returns the last finite point', () => {
    const f = objective2d((x, y) => tf.add(tf.square(x), tf.mul(-1, tf.pow(y, 2))), [0, 0.5]);
    const r = minimize(f, gradientDescent({ learningRate: 0.9 }), { steps: 5000, key: keyFromSeed(10), every: 1 });
    expect(r.reason).toBe('non-finite');
    expect(r.nonFinite?.step).toBeGreaterThan(0);
    const [, y] = point(r.params);
    expect(Number.isFinite(y)).toBe(true);
    expect(Math.abs(y)).toBeGreaterThan(1e6);
    disposeParams(r.params);
    disposeState(r.state);
    f.dispose?.();
  });

  it('honours frozen groups and per-group step sizes', () => {
    const init = { a: tf.keep(tf.tensor1d([1])), b: tf.keep(tf.tensor1d([1])), c: tf.keep(tf.tensor1d([1])) };
    const f: Objective = { init, value: (p) => tf.tidy(() => tf.sum(tf.addN([tf.square(p['a']!), tf.square(p['b']!), tf.square(p['c']!)]))) };
    const r = minimize(f, gradientDescent({ learningRate: 0.1, groups: { a: { frozen: true }, b: { learningRate: 0.25 } } }), { steps: 1, key: keyFromSeed(0) });
    const host = paramsToHost(r.params);
    expect(host['a']!.values[0]).toBe(1);
    expect(host['b']!.values[0]).toBeCloseTo(1 - 0.25 * 2, 6);
    expect(host['c']!.values[0]).toBeCloseTo(1 - 0.1 * 2, 6);
    disposeParams(r.params, init);
    disposeState(r.state);
  });
});
