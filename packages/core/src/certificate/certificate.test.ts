import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFromSeed } from '../random/key.js';
import { startTestEngine } from '../testing/test-engine.js';
import { HVP_CHECK_PARAMETERS, hvpCheckObjective, hvpCheckPoint, hvpRelativeError, referenceValue } from '../testing/hvp-check.js';
import { hessianOperator } from '../curvature/hessian-operator.js';
import { certifySecondOrder, DEFAULT_CERTIFICATE_RHO } from './certify.js';
import type { Objective } from '../params/types.js';
import { lemmaBound } from './lemma-bound.js';
import { finiteDifferenceHvp, hessianVectorProduct } from '../curvature/hessian-vector-product.js';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';

beforeAll(async () => {
  await startTestEngine();
});

describe('Hessian–vector products', () => {
  it('agree with float64 central finite differences within 1e-4 through tanh, sigmoid, softplus and exp', () => {
    for (const seed of [7, 8]) expect(hvpRelativeError(seed)).toBeLessThan(1e-4);
  });

  it('finite-difference HVPs agree with autodiff to float32 accuracy', () => {
    const { params, direction } = hvpCheckPoint(9);
    const f = hvpCheckObjective(params);
    const v = hessianOperator(f, f.init, { key: keyFromSeed(0) }).layout;
    const dir: Record<string, tf.Tensor> = {};
    let offset = 0;
    v.names.forEach((n, i) => {
      dir[n] = tf.tensor(Float32Array.from(direction.subarray(offset, offset + v.sizes[i]!)), v.shapes[i]!);
      offset += v.sizes[i]!;
    });
    const exact = hessianVectorProduct(f, f.init, dir, keyFromSeed(0));
    const fd = finiteDifferenceHvp(f, f.init, dir, keyFromSeed(0));
    const a = v.names.flatMap((n) => Array.from(exact[n]!.dataSync()));
    const b = v.names.flatMap((n) => Array.from(fd[n]!.dataSync()));
    const err = Math.hypot(...a.map((x, i) => x - b[i]!)) / Math.hypot(...a);
    expect(err).toBeLessThan(2e-2);
    tf.dispose([...Object.values(dir), ...Object.values(exact), ...Object.values(fd)]);
    f.dispose?.();
  });
});

describe('Lanczos', () => {
  it(`matches the smallest eigenvalue of the explicitly built Hessian (${HVP_CHECK_PARAMETERS} parameters)`, () => {
    const { params } = hvpCheckPoint(11);
    const f = hvpCheckObjective(params);
    const op = hessianOperator(f, f.init, { key: keyFromSeed(0) });
    const n = op.layout.total;
    const H = Array.from({ length: n }, (_, i) => Array.from(op.apply(Float64Array.from({ length: n }, (_, k) => (k === i ? 1 : 0)))));
    const sym = H.map((row, i) => row.map((v, j) => (v + H[j]![i]!) / 2));
    const exact = symmetricEigen(sym).values;
    const cert = certifySecondOrder(f, f.init, { key: keyFromSeed(0), lanczosSteps: 60, K: 1 });
    const scale = Math.max(Math.abs(exact[0]!), Math.abs(exact[n - 1]!));
    expect(Math.abs(cert.lambdaMin - exact[0]!) / scale).toBeLessThan(1e-4);
    expect(Math.abs(cert.lambdaMax - exact[n - 1]!) / scale).toBeLessThan(1e-4);
    expect(cert.lambdaMin).toBeLessThan(0); // a generic point of a nonconvex loss
    expect(Number.isFinite(referenceValue(params))).toBe(true);
    f.dispose?.();
  });
});

/**
 * f(u) = ½uᵀAu + cᵀu + ¼Σu_i⁴ on R⁴, with its gradient Au + c + u³ and Hessian A + diag(3u²)
 * written out in float64: the independent reference the certificate is checked against.
 */
function quartic(A: number[][], c: number[], u: number[]): { objective: Objective; grad: number[]; hessian: number[][] } {
  const n = u.length;
  const At = tf.tensor2d(A.flat(), [n, n]);
  const ct = tf.tensor1d(c);
  const objective: Objective = {
    init: { u: tf.tensor1d(u) },
    value: (p) =>
      tf.tidy(() => {
        const x = p['u']!;
        const quad = tf.mul(0.5, tf.sum(tf.mul(x, tf.squeeze(tf.matMul(At, tf.reshape(x, [n, 1]))))));
        return tf.addN([quad, tf.sum(tf.mul(ct, x)), tf.mul(0.25, tf.sum(tf.pow(x, 4)))]) as tf.Scalar;
      }),
    dispose: () => tf.dispose([At, ct, objective.init['u']!]),
  };
  const grad = A.map((row, i) => row.reduce((s, a, j) => s + a * u[j]!, 0) + c[i]! + u[i]! ** 3);
  const hessian = A.map((row, i) => row.map((a, j) => a + (i === j ? 3 * u[i]! ** 2 : 0)));
  return { objective, grad, hessian };
}

describe('the ρ-SOSP certificate against float64 references', () => {
  const indefinite = [
    [1, 0.3, 0, 0],
    [0.3, -0.8, 0.2, 0],
    [0, 0.2, 2, 0.1],
    [0, 0, 0.1, 0.5],
  ];
  const definite = [
    [2, 0.3, 0, 0],
    [0.3, 1.5, 0.2, 0],
    [0, 0.2, 2, 0.1],
    [0, 0, 0.1, 0.5],
  ];
  const star = [0.4, -0.7, 0.2, 1.1];
  // c = −(A u* + u*³): u* is then a stationary point exactly.
  const stationaryAt = (A: number[][], u: number[]): number[] => A.map((row, i) => -(row.reduce((s, a, j) => s + a * u[j]!, 0) + u[i]! ** 3));
  const cases = [
    { name: 'a ρ-SOSP (both halves hold)', A: definite, c: stationaryAt(definite, star), u: star, gradient: true, curvature: true },
    { name: 'a point failing the gradient half only', A: definite, c: stationaryAt(definite, star), u: star.map((x) => x + 0.05), gradient: false, curvature: true },
    { name: 'a strict saddle failing the curvature half only', A: indefinite, c: [0, 0, 0, 0], u: [0, 0, 0, 0], gradient: true, curvature: false },
    { name: 'a point failing both halves', A: indefinite, c: [0, 0, 0, 0], u: [0, 0.05, 0, 0], gradient: false, curvature: false },
  ];
  it.each(cases)('$name: ‖∇f‖, λ_min and each half match the explicit gradient and Hessian', ({ A, c, u, gradient, curvature }) => {
    const { objective, grad, hessian } = quartic(A, c, u);
    const rho = DEFAULT_CERTIFICATE_RHO;
    const K = 2;
    const cert = certifySecondOrder(objective, objective.init, { key: keyFromSeed(0), K, lanczosSteps: 8 });
    const gradNorm = Math.hypot(...grad);
    const lambdaMin = symmetricEigen(hessian).values[0]!;
    expect(cert.rho).toBe(rho);
    expect(Math.abs(cert.gradNorm - gradNorm)).toBeLessThan(1e-5 * Math.max(1, gradNorm));
    expect(Math.abs(cert.lambdaMin - lambdaMin)).toBeLessThan(1e-4);
    expect(gradNorm <= rho).toBe(gradient);
    expect(lambdaMin >= -Math.sqrt(K * rho)).toBe(curvature);
    expect(cert.gradientHolds).toBe(gradient);
    expect(cert.curvatureHolds).toBe(curvature);
    expect(cert.isSOSP).toBe(gradient && curvature);
    expect(cert.failure === undefined).toBe(gradient && curvature);
    if (!gradient) expect(cert.failure).toContain('‖∇f‖');
    if (!curvature) expect(cert.failure).toContain('λ_min');
    // the smallest ρ' at which the point is a ρ'-SOSP, from the float64 values
    const smallest = Math.max(gradNorm, Math.max(0, -lambdaMin) ** 2 / K);
    expect(Math.abs(cert.smallestRho - smallest)).toBeLessThan(1e-4 * Math.max(1, smallest));
    objective.dispose?.();
  });

  it('ρ is the stated tolerance: a smaller one turns a certified point into one failing the gradient half', () => {
    const { objective } = quartic(definite, stationaryAt(definite, star), star.map((x) => x + 1e-4));
    const loose = certifySecondOrder(objective, objective.init, { key: keyFromSeed(0), K: 2, rho: 1e-2 });
    const tight = certifySecondOrder(objective, objective.init, { key: keyFromSeed(0), K: 2, rho: 1e-6 });
    expect(loose.gradNorm).toBeGreaterThan(1e-6);
    expect(loose.isSOSP).toBe(true);
    expect(tight.gradientHolds).toBe(false);
    expect(tight.isSOSP).toBe(false);
    expect(() => certifySecondOrder(objective, objective.init, { key: keyFromSeed(0), K: 2, rho: 0 })).toThrow(/rho must be/);
    objective.dispose?.();
  });
});

describe('the lemma bound', () => {
  it('is ρ/(2λ − √(Kρ)) for a full W, √d tighter for σ·I, and absent when 2λ ≤ √(Kρ)', () => {
    expect(lemmaBound({ rho: 1e-6, K: 1.44, lambda: 0.1 }).bound).toBeCloseTo(1e-6 / (0.2 - 1.2e-3), 15);
    expect(lemmaBound({ rho: 1e-6, K: 1.44, lambda: 0.1, factor: 'isotropic', dimension: 16 }).bound).toBeCloseTo(1e-6 / (4 * (0.2 - 1.2e-3)), 15);
    const none = lemmaBound({ rho: 1e-3, K: 1.44, lambda: 0.01 });
    expect(none.applicable).toBe(false);
    expect(none.bound).toBe(Number.POSITIVE_INFINITY);
  });
});
