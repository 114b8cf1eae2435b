import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { wasmBackend } from '@derand/backend-wasm';
import { foldIn, keyFromSeed, sampleIntegers, sampleNormal } from '@derand/core';
import { startTestEngine } from '@derand/core/testing';
import { createRegistry, z } from '@derand/registry';
import { huber } from './builtin/huber.js';
import { logCosh } from './builtin/log-cosh.js';
import { logistic } from './builtin/logistic.js';
import { mse } from './builtin/mse.js';
import { smoothHinge } from './builtin/smooth-hinge.js';
import { softmaxCrossEntropy } from './builtin/softmax-cross-entropy.js';
import { checkLoss } from './check-loss.js';
import { defineLoss, meanLoss, predictionLoss, type Loss } from './loss.js';
import { lossPlugins } from './plugins.js';

const sig = (t: number): number => 1 / (1 + Math.exp(-t));

/** Independent float64 closed forms of elementwise losses: ℓ, ∂ℓ/∂p, ∂²ℓ/∂p². */
interface ElementwiseReference {
  readonly name: string;
  readonly loss: () => Loss;
  readonly targets: 'real' | 'sign';
  readonly f: (p: number, y: number) => number;
  readonly d1: (p: number, y: number) => number;
  readonly d2: (p: number, y: number) => number;
}

const delta = 0.7;
const gamma = 0.5;
const elementwise: ElementwiseReference[] = [
  { name: 'mse', loss: mse, targets: 'real', f: (p, y) => (p - y) ** 2, d1: (p, y) => 2 * (p - y), d2: () => 2 },
  {
    name: 'huber δ=0.7',
    loss: () => huber({ delta }),
    targets: 'real',
    f: (p, y) => delta ** 2 * (Math.sqrt(1 + ((p - y) / delta) ** 2) - 1),
    d1: (p, y) => (p - y) / Math.sqrt(1 + ((p - y) / delta) ** 2),
    d2: (p, y) => (1 + ((p - y) / delta) ** 2) ** -1.5,
  },
  { name: 'log-cosh', loss: logCosh, targets: 'real', f: (p, y) => Math.log(Math.cosh(p - y)), d1: (p, y) => Math.tanh(p - y), d2: (p, y) => 1 - Math.tanh(p - y) ** 2 },
  {
    name: 'logistic',
    loss: logistic,
    targets: 'sign',
    f: (p, y) => Math.log1p(Math.exp(-y * p)),
    d1: (p, y) => -y * sig(-y * p),
    d2: (p, y) => y * y * sig(y * p) * sig(-y * p),
  },
  {
    name: 'smooth hinge γ=0.5',
    loss: () => smoothHinge({ gamma }),
    targets: 'sign',
    f: (p, y) => {
      const u = 1 - y * p;
      return u <= 0 ? 0 : u < gamma ? (u * u) / (2 * gamma) : u - gamma / 2;
    },
    d1: (p, y) => {
      const u = 1 - y * p;
      return u <= 0 ? 0 : u < gamma ? (-y * u) / gamma : -y;
    },
    d2: (p, y) => {
      const u = 1 - y * p;
      return u > 0 && u < gamma ? (y * y) / gamma : 0;
    },
  },
];

const n = 40;
const m = 2;
function points(targets: 'real' | 'sign'): { p: Float32Array; y: Float32Array; v: Float32Array } {
  const key = keyFromSeed(11);
  return {
    p: Float32Array.from(sampleNormal(foldIn(key, 'p'), n * m, 0, 1.5)),
    y: targets === 'sign' ? Float32Array.from(sampleIntegers(foldIn(key, 'y'), n * m, 2), (b) => 2 * b - 1) : Float32Array.from(sampleNormal(foldIn(key, 'y'), n * m)),
    v: Float32Array.from(sampleNormal(foldIn(key, 'v'), n * m)),
  };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)) / (1 + Math.abs(expected[i] ?? NaN));
    expect(err, `${what}[${i}]: got ${actual[i]}, want ${expected[i]}`).toBeLessThan(tol);
  }
}

beforeAll(async () => {
  await startTestEngine(wasmBackend);
});

describe('built-in losses against float64 closed forms', () => {
  for (const ref of elementwise) {
    it(`${ref.name}: ℓ, derivative, autodiff gradient and autodiff second derivative`, () => {
      const before = tf.memory().numTensors;
      const { p, y, v } = points(ref.targets);
      const loss = ref.loss();
      const P = tf.tensor2d(p, [n, m]);
      const Y = tf.tensor2d(y, [n, m]);
      const V = tf.tensor2d(v, [n, m]);
      const wantValue = Array.from({ length: n }, (_, i) => ref.f(p[2 * i]!, y[2 * i]!) + ref.f(p[2 * i + 1]!, y[2 * i + 1]!));
      const wantGrad = Array.from(p, (pi, i) => ref.d1(pi, y[i]!));
      const wantHv = Array.from(p, (pi, i) => ref.d2(pi, y[i]!) * v[i]!);
      tf.tidy(() => {
        const total = (q: tf.Tensor): tf.Scalar => tf.sum(loss.perSample(q as tf.Tensor2D, Y));
        expectClose(loss.perSample(P, Y).dataSync(), wantValue, 2e-6, 'ℓ');
        expectClose(loss.derivative!(P, Y).dataSync(), wantGrad, 2e-6, '∂ℓ');
        expectClose(tf.grad(total)(P).dataSync(), wantGrad, 2e-6, 'autodiff ∂ℓ');
        const hv = tf.grad((q: tf.Tensor) => tf.sum(tf.mul(tf.grad(total)(q), V)))(P);
        expectClose(hv.dataSync(), wantHv, 2e-5, 'autodiff ∂²ℓ·v');
        expect(meanLoss(loss, P, Y).dataSync()[0]).toBeCloseTo(wantValue.reduce((a, b) => a + b, 0) / n, 5);
      });
      tf.dispose([P, Y, V]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('softmax cross-entropy: ℓ = logsumexp(ŷ) − y·ŷ, ∇ = softmax − y, ∇²v = p⊙v − p(p·v)', () => {
    const k = 4;
    const key = keyFromSeed(12);
    const p = Float32Array.from(sampleNormal(foldIn(key, 'p'), n * k, 0, 2));
    const v = Float32Array.from(sampleNormal(foldIn(key, 'v'), n * k));
    const classes = sampleIntegers(foldIn(key, 'y'), n, k);
    const y = new Float32Array(n * k);
    classes.forEach((c, i) => (y[i * k + c] = 1));
    const loss = softmaxCrossEntropy();
    const wantValue: number[] = [];
    const wantGrad: number[] = [];
    const wantHv: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = Array.from(p.subarray(i * k, (i + 1) * k));
      const max = Math.max(...row);
      const z = row.reduce((s, t) => s + Math.exp(t - max), 0);
      const prob = row.map((t) => Math.exp(t - max) / z);
      wantValue.push(max + Math.log(z) - row[classes[i]!]!);
      const pv = prob.reduce((s, q, j) => s + q * v[i * k + j]!, 0);
      prob.forEach((q, j) => {
        wantGrad.push(q - y[i * k + j]!);
        wantHv.push(q * v[i * k + j]! - q * pv);
      });
    }
    tf.tidy(() => {
      const P = tf.tensor2d(p, [n, k]);
      const Y = tf.tensor2d(y, [n, k]);
      const V = tf.tensor2d(v, [n, k]);
      const total = (q: tf.Tensor): tf.Scalar => tf.sum(loss.perSample(q as tf.Tensor2D, Y));
      expectClose(loss.perSample(P, Y).dataSync(), wantValue, 2e-6, 'ℓ');
      expectClose(loss.derivative!(P, Y).dataSync(), wantGrad, 2e-6, '∂ℓ');
      expectClose(tf.grad(total)(P).dataSync(), wantGrad, 2e-6, 'autodiff ∂ℓ');
      expectClose(tf.grad((q: tf.Tensor) => tf.sum(tf.mul(tf.grad(total)(q), V)))(P).dataSync(), wantHv, 2e-5, 'autodiff ∇²ℓ·v');
    });
  });
});

describe('checkLoss', () => {
  it('passes every built-in loss', () => {
    for (const plugin of lossPlugins) {
      const report = checkLoss(plugin.create(plugin.options.parse({}) as never));
      expect(report.ok, JSON.stringify(report)).toBe(true);
    }
  });

  it('catches a wrong derivative and a loss that overflows', () => {
    const wrong = defineLoss({
      id: 'wrong-mse',
      summary: 'mse with a derivative off by a factor 2',
      perSample: (p, y) => tf.sum(tf.square(tf.sub(p, y)), 1),
      derivative: (p, y) => tf.sub(p, y),
    }).create({});
    const report = checkLoss(wrong);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'derivative = autodiff')?.ok).toBe(false);
    const naive = defineLoss({ id: 'naive', summary: 'log(1 + exp(r²))', perSample: (p, y) => tf.sum(tf.log(tf.add(1, tf.exp(tf.square(tf.sub(p, y))))), 1) }).create({});
    const naiveReport = checkLoss(naive);
    expect(naiveReport.checks.find((c) => c.name === 'finite at |ŷ| = 50')?.ok).toBe(false);
  });
});

describe('defineLoss plugins', () => {
  it('register, validate options, and serve the fused pass with or without a derivative', () => {
    const cauchy = defineLoss({
      id: 'cauchy',
      summary: 'Cauchy loss c² log(1 + (r/c)²)',
      options: z.object({ c: z.number().positive().default(1) }).strict(),
      create: ({ c }) => ({ label: `cauchy(c=${c})`, perSample: (p, y) => tf.sum(tf.mul(tf.log1p(tf.square(tf.div(tf.sub(p, y), c))), c * c), 1) }),
    });
    const registry = createRegistry([...lossPlugins, cauchy]);
    expect(registry.ids('loss')).toEqual(['mse', 'huber', 'log-cosh', 'logistic', 'softmax-cross-entropy', 'smooth-hinge', 'cauchy']);
    expect(() => registry.parseOptions('loss', 'cauchy', { c: -1 })).toThrow(/Invalid options for loss 'cauchy'/);
    const loss = cauchy.create(registry.parseOptions('loss', 'cauchy', { c: 2 }) as { c: number });
    expect(loss.label).toBe('cauchy(c=2)');
    expect(checkLoss(loss).ok).toBe(true);
    tf.tidy(() => {
      const P = tf.tensor2d([[0.5], [2]]);
      const Y = tf.tensor2d([[0], [1]]);
      const { value, gradient } = predictionLoss(loss, Y)(P);
      // (1/n)Σ 4 log(1 + r²/4) and (1/n)·2r/(1 + r²/4)
      expect(value.dataSync()[0]).toBeCloseTo((4 * Math.log1p(0.25 / 4) + 4 * Math.log1p(1 / 4)) / 2, 5);
      expectClose(gradient.dataSync(), [(2 * 0.5) / (1 + 0.25 / 4) / 2, (2 * 1) / (1 + 1 / 4) / 2], 1e-6, 'gradient');
      expect(() => meanLoss(loss, P, tf.zeros([3, 1]) as tf.Tensor2D)).toThrow(/shape must equal the prediction's \[2, 1\]/);
    });
  });
});
