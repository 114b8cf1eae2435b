import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyFromSeed } from '../random/key.js';
import { startTestEngine } from '../testing/test-engine.js';
import { HVP_CHECK_PARAMETERS, hvpCheckObjective, hvpCheckPoint, hvpRelativeError, referenceValue } from '../testing/hvp-check.js';
import { certifySecondOrder, hessianOperator } from './certify.js';
import { finiteDifferenceHvp, hessianVectorProduct } from './hessian-vector-product.js';
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
    expect(cert.isSOSP).toBe(cert.gradNorm <= cert.rho && cert.lambdaMin >= -Math.sqrt(cert.K * cert.rho));
    expect(Number.isFinite(referenceValue(params))).toBe(true);
    f.dispose?.();
  });
});
