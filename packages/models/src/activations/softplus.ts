import * as tf from '@tensorflow/tfjs-core';
import { DerandError } from '@derand/registry';
import { defineActivation, type Activation } from './activation.js';

/**
 * ι·z without an op when ι = 1.
 */
function times(z: tf.Tensor, sharpness: number): tf.Tensor {
  return sharpness === 1 ? z : tf.mul(z, sharpness);
}

/**
 * log(1 + eᵗ) = max(t, 0) − log σ(|t|). σ is one vectorised wasm kernel and log σ(|t|) ∈
 * [−log 2, 0) never overflows, so this is exact in float32 for every t and about twice as fast on
 * wasm as the `Softplus` kernel (which evaluates exp and log1p in scalar code).
 */
function softplusOf(t: tf.Tensor): tf.Tensor {
  return tf.sub(tf.relu(t), tf.log(tf.sigmoid(tf.abs(t))));
}

/**
 * The kernel computing [softplus(t), σ(t)] in one pass, where a backend registers it
 * (`@derand/backend-wasm` does, with wasm SIMD: decision record 0803). It has no gradient, so only
 * `withDerivative` (the fused first-order pass) uses it; `apply` and `derivative` stay
 * differentiable to any order.
 */
export const SOFTPLUS_WITH_DERIVATIVE = 'DerandSoftplusWithDerivative';

function fusedSoftplus(t: tf.Tensor): [tf.Tensor, tf.Tensor] | undefined {
  if (t.dtype !== 'float32' || tf.getKernel(SOFTPLUS_WITH_DERIVATIVE, tf.getBackend()) === undefined) return undefined;
  return tf.engine().runKernel(SOFTPLUS_WITH_DERIVATIVE, { x: t }) as unknown as [tf.Tensor, tf.Tensor];
}

/**
 * The smooth ReLU of sharpness ι (the paper's ReLU_ι, the authors' `relui` with ι = 2).
 *
 * φ(z) = (1/ι)·log(1 + e^{ιz}),  φ′(z) = σ(ιz),  φ″(z) = ι·σ(ιz)(1 − σ(ιz)).
 *
 * φ → ReLU as ι → ∞; its Hessian-Lipschitz constant grows like ι².
 *
 * @param sharpness ι > 0 (default 1).
 * @example const phi = softplus(2); // softplus_2
 * @see Tsikouras et al., "A Derandomization Framework for Structure Discovery", ICLR 2026, §4.2.
 */
export function softplus(sharpness = 1): Activation {
  if (!(sharpness > 0) || !Number.isFinite(sharpness)) {
    throw new DerandError('BAD_ACTIVATION', `softplus sharpness must be a finite number > 0 (got ${sharpness}); for example softplus:2.`);
  }
  const inverse = 1 / sharpness;
  const value = (t: tf.Tensor): tf.Tensor => (sharpness === 1 ? softplusOf(t) : tf.mul(softplusOf(t), inverse));
  return defineActivation({
    ...(sharpness === 1 ? {} : { scaled: { scale: sharpness, base: softplus(1) } }),
    id: 'softplus',
    label: sharpness === 1 ? 'softplus' : `softplus_${sharpness}`,
    smooth: true,
    apply: (z) => tf.tidy(() => value(times(z, sharpness))),
    derivative: (z) => tf.tidy(() => tf.sigmoid(times(z, sharpness))),
    withDerivative: (z) =>
      tf.tidy((): [tf.Tensor, tf.Tensor] => {
        const t = times(z, sharpness);
        const fused = fusedSoftplus(t);
        if (fused === undefined) return [value(t), tf.sigmoid(t)];
        return [sharpness === 1 ? fused[0] : tf.mul(fused[0], inverse), fused[1]];
      }),
  });
}
