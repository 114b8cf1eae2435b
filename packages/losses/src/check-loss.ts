import * as tf from '@tensorflow/tfjs-core';
import { foldIn, keyFromSeed, sampleIntegers, sampleNormal, type RandomKey } from '@derand/core';
import type { Loss } from './loss.js';

/** Options of {@link checkLoss}. */
export interface LossCheckOptions {
  /** Key for the test points (default seed 0). */
  readonly key?: RandomKey;
  /** Rows n (default 64). */
  readonly samples?: number;
  /** Columns m (default 1, or 3 for one-hot targets). */
  readonly outputs?: number;
  /** Standard deviation of the test predictions (default 2). */
  readonly scale?: number;
  /** Largest accepted error, relative to 1 + |reference| (default 2e-3). */
  readonly tolerance?: number;
  /** Central-difference step h (default 1e-2; float32 round-off grows like 1/h). */
  readonly step?: number;
}

/** One comparison made by {@link checkLoss}. */
export interface LossCheck {
  readonly name: string;
  readonly ok: boolean;
  /** max over entries of |a − b| / (1 + |b|); NaN when skipped. */
  readonly maxError: number;
  readonly tolerance: number;
  readonly note?: string;
}

export interface LossCheckReport {
  readonly loss: string;
  readonly ok: boolean;
  readonly checks: readonly LossCheck[];
}

function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    const err = Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)) / (1 + Math.abs(b[i] ?? NaN));
    worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  }
  return worst;
}

function targetsFor(loss: Loss, key: RandomKey, n: number, m: number): Float32Array {
  if (loss.targets === 'sign') return Float32Array.from(sampleIntegers(key, n * m, 2), (b) => (b === 1 ? 1 : -1));
  if (loss.targets === 'one-hot') {
    const classes = sampleIntegers(key, n, m);
    const out = new Float32Array(n * m);
    classes.forEach((c, i) => (out[i * m + c] = 1));
    return out;
  }
  return Float32Array.from(sampleNormal(key, n * m));
}

/**
 * Checks a loss the way the solvers use it, on random points drawn from `key`:
 * 1. ℓ stays finite for predictions of ±50;
 * 2. `derivative` (when given) equals tfjs autodiff of `perSample`;
 * 3. autodiff equals central differences (ℓ(ŷ + h eⱼ) − ℓ(ŷ − h eⱼ))/2h;
 * 4. the second derivative by nested autodiff, ∇(⟨∇ℓ, v⟩), equals central differences of ∇ℓ
 *    along v (skipped for C¹ losses, whose second derivative jumps).
 * Call it after `startEngine`; it disposes everything it creates.
 *
 * @example
 * const report = checkLoss(myLossPlugin.create({}));
 * if (!report.ok) console.log(formatLossCheck(report));
 */
export function checkLoss(loss: Loss, options: LossCheckOptions = {}): LossCheckReport {
  const key = options.key ?? keyFromSeed(0);
  const n = options.samples ?? 64;
  const m = options.outputs ?? (loss.targets === 'one-hot' ? 3 : 1);
  const tolerance = options.tolerance ?? 2e-3;
  const h = options.step ?? 1e-2;
  const checks: LossCheck[] = [];
  tf.tidy(() => {
    const p = tf.tensor2d(Float32Array.from(sampleNormal(foldIn(key, 'prediction'), n * m, 0, options.scale ?? 2)), [n, m]);
    const y = tf.tensor2d(targetsFor(loss, foldIn(key, 'target'), n, m), [n, m]);
    const v = tf.tensor2d(Float32Array.from(sampleNormal(foldIn(key, 'direction'), n * m)), [n, m]);
    const total = (q: tf.Tensor): tf.Scalar => tf.sum(loss.perSample(q as tf.Tensor2D, y));
    const gradient = (q: tf.Tensor): tf.Tensor => tf.grad(total)(q);

    const extreme = tf.mul<tf.Tensor2D>(tf.sign(p), 50);
    const finite = tf.all(tf.isFinite(loss.perSample(extreme, y))).dataSync()[0] === 1 && tf.all(tf.isFinite(gradient(extreme))).dataSync()[0] === 1;
    checks.push({ name: 'finite at |ŷ| = 50', ok: finite, maxError: finite ? 0 : Infinity, tolerance: 0 });

    const auto = gradient(p).dataSync();
    if (loss.derivative !== undefined) {
      const error = maxRelative(loss.derivative(p, y).dataSync(), auto);
      checks.push({ name: 'derivative = autodiff', ok: error <= tolerance, maxError: error, tolerance });
    } else {
      checks.push({ name: 'derivative = autodiff', ok: true, maxError: NaN, tolerance, note: 'no derivative given: the solver uses autodiff' });
    }

    const fd = new Float32Array(n * m);
    for (let j = 0; j < m; j++) {
      const column = new Float32Array(n * m);
      for (let i = 0; i < n; i++) column[i * m + j] = h;
      const e = tf.tensor2d(column, [n, m]);
      const plus = loss.perSample(tf.add<tf.Tensor2D>(p, e), y).dataSync();
      const minus = loss.perSample(tf.sub<tf.Tensor2D>(p, e), y).dataSync();
      for (let i = 0; i < n; i++) fd[i * m + j] = ((plus[i] ?? NaN) - (minus[i] ?? NaN)) / (2 * h);
    }
    const fdError = maxRelative(auto, fd);
    checks.push({ name: 'autodiff = central differences', ok: fdError <= tolerance, maxError: fdError, tolerance });

    if (loss.smoothness === 'C1') {
      checks.push({ name: 'second derivative = differences of the gradient', ok: true, maxError: NaN, tolerance, note: 'skipped: the loss is C¹ only' });
    } else {
      const hv = tf.grad((q: tf.Tensor) => tf.sum(tf.mul(gradient(q), v)))(p).dataSync();
      const plus = gradient(tf.add(p, tf.mul(v, h))).dataSync();
      const minus = gradient(tf.sub(p, tf.mul(v, h))).dataSync();
      const want = Float32Array.from(plus, (a, i) => (a - (minus[i] ?? NaN)) / (2 * h));
      const error = maxRelative(hv, want);
      checks.push({ name: 'second derivative = differences of the gradient', ok: error <= tolerance, maxError: error, tolerance });
    }
  });
  return { loss: loss.label, ok: checks.every((c) => c.ok), checks };
}

/**
 * A readable table of a {@link LossCheckReport}.
 *
 * @example console.log(formatLossCheck(checkLoss(myLoss)));
 */
export function formatLossCheck(report: LossCheckReport): string {
  const lines = report.checks.map(
    (c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(48)} ${Number.isNaN(c.maxError) ? '-' : c.maxError.toExponential(2)}${c.note === undefined ? '' : `  (${c.note})`}`,
  );
  return [`loss ${report.loss}: ${report.ok ? 'all checks passed' : 'some checks failed'}`, ...lines].join('\n');
}
