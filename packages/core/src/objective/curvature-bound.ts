import * as tf from '@tensorflow/tfjs-core';
import { symmetricEigen } from '../linalg/symmetric-eigen.js';
import { valueAndGradsOrZeros } from '../params/gradients.js';
import type { Params } from '../params/params.js';
import type { RandomKey } from '../random/key.js';
import { randomUniform } from '../random/kernels.js';

/**
 * An estimate of L_g = sup_y ‖∇²g_θ(y)‖₂ for g: R^k → R over the box [−R, R]^k: the largest
 * spectral norm of the exact Hessians at `samples` uniform points (k reverse-over-reverse passes
 * give all of them, as the points are independent rows). For the lemma's objective
 * f = E[g(Wx + b)] + λ‖W‖²_F, ‖∇²f‖₂ ≤ L_g + 2λ, since ⟨(V, β), ∇²f (V, β)⟩ =
 * E[(Vx + β)ᵀ∇²g(Vx + β)] + 2λ‖V‖² and E‖Vx + β‖² = ‖V‖²_F + ‖β‖²: the gradient Lipschitz
 * constant L that fixes PGD's step η = c/L (Jin et al. 2017). A sampled supremum is a lower
 * bound on the true one; the box should cover where Wx + b goes.
 */
export function curvatureBound(g: (y: tf.Tensor2D, theta: Params) => tf.Tensor1D, theta: Params, k: number, options: { key: RandomKey; radius?: number; samples?: number }): number {
  const radius = options.radius ?? 4;
  const samples = options.samples ?? 4096;
  const hessians = tf.tidy(() => {
    const y = randomUniform<tf.Rank.R2>(options.key, [samples, k], -radius, radius);
    const total = (u: tf.Tensor): tf.Scalar => tf.sum(g(u as tf.Tensor2D, theta));
    // Column j of every point's Hessian: ∇_y ⟨∇_y Σ_i g(y_i), e_j⟩.
    const columns = Array.from({ length: k }, (_, j) => {
      const direction = tf.oneHot(tf.fill([samples], j, 'int32'), k);
      return valueAndGradsOrZeros((u) => tf.sum(tf.mul(valueAndGradsOrZeros(total, [u]).grads[0]!, direction)), [y]).grads[0]!;
    });
    return tf.stack(columns, 2).dataSync(); // [samples, k (row), k (column)]
  });
  let sup = 0;
  for (let s = 0; s < samples; s++) {
    const H = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => 0.5 * ((hessians[s * k * k + a * k + b] ?? NaN) + (hessians[s * k * k + b * k + a] ?? NaN))));
    const { values } = symmetricEigen(H);
    for (const v of values) sup = Math.max(sup, Math.abs(v));
  }
  return sup;
}
