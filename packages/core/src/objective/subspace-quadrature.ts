import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../params/params.js';
import { valueAndGradsOrZeros } from '../params/gradients.js';
import { gaussHermiteGrid } from './gauss-hermite.js';
import { orthonormalBasis } from '../linalg/orthonormalize.js';

/**
 * E_{x~N(0, I_d)}[g(Wx + b)] for a k×d matrix W by Gauss–Hermite quadrature in r = min(k, d)
 * dimensions instead of d, exact up to that rule, for any d.
 *
 * Rotation invariance: with Q (d×r, orthonormal columns) spanning a space that contains the rows
 * of W, Wx = (WQ)(Qᵀx) and Qᵀx ~ N(0, I_r), so E_x[g(Wx + b)] = E_y[g(WQy + b)]. Q is recomputed
 * from W at every evaluation and held constant, which keeps the value and the gradient exact
 * (moving W out of span(Q) changes the law of Wx only at second order). The Hessian misses one
 * term, H̄ ⊗ P⊥ with H̄ = E[∇²g(Wx + b)] and P⊥ the projector onto the complement of span(Q);
 * `secondOrder` adds it back as ½⟨H̄, D P⊥ Dᵀ⟩ = ½⟨H̄, DDᵀ − (DQ)(DQ)ᵀ⟩ with D = W − W̄ (zero in value, but carrying the
 * tape) and H̄ computed at the point and held constant: zero value, zero gradient, Hessian
 * exactly H̄ ⊗ P⊥ (cross terms with b and θ are of third order).
 */
export interface SubspaceQuadrature {
  /** The expectation with exact value and gradient (cheap: one pass over q^r nodes). */
  firstOrder(W: tf.Tensor2D, b: tf.Tensor1D, theta: Params): tf.Scalar;
  /** The same plus the curvature term, for second-order work (H̄ costs k double-backward passes, once per point). */
  secondOrder(W: tf.Tensor2D, b: tf.Tensor1D, theta: Params): tf.Scalar;
  readonly rank: number;
  readonly nodes: number;
  dispose(): void;
}

export function subspaceQuadrature(g: (y: tf.Tensor2D, theta: Params) => tf.Tensor1D, k: number, d: number, points: number): SubspaceQuadrature {
  const rank = Math.min(k, d);
  const grid = gaussHermiteGrid(points, rank);
  const y = tf.keep(tf.tensor2d(Float32Array.from(grid.points), [grid.count, rank]));
  const weights = tf.keep(tf.tensor1d(Float32Array.from(grid.weights)));

  const basisOf = (W: tf.Tensor2D): { Q: tf.Tensor2D; Wbar: Float32Array } => {
    const Wbar = Float32Array.from(W.dataSync());
    // r = min(k, d) orthonormal vectors whose span holds the rows of W (completed with e_i when W is rank deficient)
    const { basis } = orthonormalBasis(Wbar, k, d, { tolerance: 1e-7, completeTo: rank });
    const Q = new Float32Array(d * rank);
    for (let j = 0; j < rank; j++) for (let i = 0; i < d; i++) Q[i * rank + j] = basis[j * d + i]!;
    return { Q: tf.tensor2d(Q, [d, rank]), Wbar };
  };
  const weighted = (values: tf.Tensor1D): tf.Scalar => tf.sum(tf.mul(values, weights));
  const main = (W: tf.Tensor2D, b: tf.Tensor1D, theta: Params, Q: tf.Tensor2D): tf.Scalar =>
    weighted(g(tf.add(tf.matMul(y, tf.matMul(W, Q), false, true), b), theta));
  const constant = <T extends tf.Tensor>(t: T): T => tf.tensor(t.dataSync(), t.shape, t.dtype) as T;

  // H̄ = E[∇²g(W̄x + b̄)] (k×k) at the point, by k reverse-over-reverse passes over the nodes. A
  // Hessian–vector product needs it at every call, Lanczos calls at the same point dozens of
  // times: the last point's H̄ is cached, keyed by the bytes of W̄, b̄ and θ̄.
  let cache: { key: string; H: Float32Array } | undefined;
  const curvatureAt = (Wbar: Float32Array, Q: tf.Tensor2D, b: tf.Tensor1D, theta: Params): Float32Array => {
    const names = Object.keys(theta).sort();
    const bytes = (a: Float32Array | Int32Array | Uint8Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    const key = [bytes(Wbar), bytes(b.dataSync()), ...names.map((n) => `${n}:${bytes(theta[n]!.dataSync())}`)].join('|');
    if (cache?.key === key) return cache.H;
    const H = tf.tidy(() => {
      const thetaBar: Record<string, tf.Tensor> = {};
      for (const name of names) thetaBar[name] = constant(theta[name]!);
      const ybar = tf.add(tf.matMul(y, tf.matMul(tf.tensor2d(Wbar, [k, d]), Q), false, true), constant(b));
      const h = (u: tf.Tensor): tf.Scalar => weighted(g(tf.add<tf.Tensor2D>(ybar, u), thetaBar));
      const u0 = tf.zeros([k]);
      const rows = Array.from({ length: k }, (_, j) => {
        const ej = tf.tensor1d(Array.from({ length: k }, (_, i) => (i === j ? 1 : 0)));
        return valueAndGradsOrZeros((u) => tf.sum(tf.mul(valueAndGradsOrZeros(h, [u]).grads[0]!, ej)), [u0]).grads[0]!;
      });
      return tf.stack(rows).dataSync() as Float32Array;
    });
    cache = { key, H: Float32Array.from(H) };
    return cache.H;
  };

  return {
    rank,
    nodes: grid.count,
    firstOrder: (W, b, theta) =>
      tf.tidy(() => main(W, b, theta, basisOf(W).Q)),
    secondOrder: (W, b, theta) =>
      tf.tidy(() => {
        const { Q, Wbar } = basisOf(W);
        const value = main(W, b, theta, Q);
        if (rank === d) return value; // span(Q) = R^d: nothing is missing
        // D P⊥ Dᵀ = DDᵀ − (DQ)(DQ)ᵀ, so no basis of the complement is needed.
        const Hbar = tf.tensor2d(curvatureAt(Wbar, Q, b, theta), [k, k]);
        const D = tf.sub(W, tf.tensor2d(Wbar, [k, d])); // zero-valued, on the tape
        const DQ = tf.matMul(D, Q);
        const DPD = tf.sub(tf.matMul(D, D, false, true), tf.matMul(DQ, DQ, false, true));
        const curvature = tf.mul(0.5, tf.sum(tf.mul(Hbar, DPD)));
        return tf.add(value, curvature);
      }),
    dispose: () => tf.dispose([y, weights]),
  };
}
