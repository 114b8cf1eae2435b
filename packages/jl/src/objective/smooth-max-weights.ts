import * as tf from '@tensorflow/tfjs-core';

/**
 * The kernel's name. `@derand/backend-wasm` registers it (one vectorised pass per row instead of
 * about a dozen elementwise kernels); elsewhere {@link distortionSmoothMax} composes stock ops.
 * It has no gradient: it serves the fused first-order pass only.
 */
export const DISTORTION_SMOOTH_MAX = 'DerandDistortionSmoothMax';

/**
 * A weight whose exponent (|δ| − M)/τ is below this is 0: its share of the gradient is below
 * e^{−64} (1.6e-28) of the largest entry's, and kept it would be a float32 subnormal, which makes
 * every later multiply by it slow (a matmul through such weights ran 2.4× slower).
 */
export const WEIGHT_FLUSH_EXPONENT = -64;

/** The smooth max of each row and its gradient with respect to the row's squared lengths. */
export interface SmoothMaxWithWeights {
  /** [S]: smax_τ(δ_s) = τ·log Σ_e (e^{δ_e/τ} + e^{−δ_e/τ}) + τ·offset over the row's items. */
  readonly smax: tf.Tensor1D;
  /**
   * [S, m], unnormalised: ∂smax_s/∂x_se = rowScale_s·weights_se, weights_se = scale_e·sign(δ_e)(a_e − b_e)
   * (see below), and 0 where scale_e = 0 or (|δ_e| − M)/τ < {@link WEIGHT_FLUSH_EXPONENT}.
   */
  readonly weights: tf.Tensor2D;
  /** [S]: 1/Σ_e (a_e + b_e), what turns a row's weights into the gradient (0 for a row without items). */
  readonly rowScale: tf.Tensor1D;
}

/**
 * The smooth max of |δ| per row with δ = x∘scale − 1, and its gradient with respect to x, for
 * the fused first-order pass of the JL objectives: x are squared lengths (of projected pair
 * differences or points), scale turns them into distortions, and an entry with scale = 0 is not
 * an item (the diagonal of the exact-pairs matrix). With M = max|δ| over the items, a = e^{(|δ|−M)/τ}
 * and b = e^{(−|δ|−M)/τ}:
 *
 *   smax = M + τ·log Σ (a + b) + τ·offset,   ∂smax/∂x_e = scale_e·sign(δ_e)(a_e − b_e)/Σ (a + b).
 *
 * The division by Σ(a + b) is left to the caller (`rowScale`), who folds it into the scalar it
 * multiplies the weights by: a pass over [S, m] saved.
 * `offset` is log(weight/multiplicity) of the item batch (log ½ for the Gram form, whose items
 * appear twice). Runs the `DerandDistortionSmoothMax` kernel where the active backend registers
 * it, else stock ops. A NaN in x gives a NaN smax.
 *
 * @param x - [S, m] squared lengths.
 * @param scale - [m], ≥ 0.
 * @param temperature - τ > 0.
 * @param offset - added to the log-sum-exp before scaling by τ.
 * @example const { smax, weights } = distortionSmoothMax(sq, scale, 0.05, Math.log(0.5));
 */
export function distortionSmoothMax(x: tf.Tensor2D, scale: tf.Tensor1D, temperature: number, offset: number): SmoothMaxWithWeights {
  if (x.dtype === 'float32' && tf.getKernel(DISTORTION_SMOOTH_MAX, tf.getBackend()) !== undefined) {
    const [smax, weights, rowScale] = tf.engine().runKernel(DISTORTION_SMOOTH_MAX, { x, scale }, { temperature, offset }) as unknown as [tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
    return { smax, weights, rowScale };
  }
  return composedDistortionSmoothMax(x, scale, temperature, offset);
}

/**
 * {@link distortionSmoothMax} from stock ops (what runs where the kernel is not registered).
 *
 * @example const { smax } = composedDistortionSmoothMax(sq, scale, 0.05, 0);
 */
export function composedDistortionSmoothMax(x: tf.Tensor2D, scale: tf.Tensor1D, temperature: number, offset: number): SmoothMaxWithWeights {
  return tf.tidy(() => {
    const valid = tf.cast(tf.greater(scale, 0), 'float32');
    const delta = tf.sub(tf.mul(x, scale), 1);
    const magnitude = tf.mul(tf.abs(delta), valid);
    const top = tf.max(magnitude, 1, true);
    const exponent = tf.div(tf.sub(magnitude, top), temperature);
    const a = tf.mul(tf.exp(exponent), valid);
    const b = tf.mul(tf.exp(tf.div(tf.neg(tf.add(magnitude, top)), temperature)), valid);
    const sum = tf.sum(tf.add(a, b), 1);
    const smax = tf.add<tf.Tensor1D>(tf.add(tf.squeeze(top, [1]), tf.mul(tf.log(sum), temperature)), temperature * offset);
    const raw = tf.mul<tf.Tensor2D>(tf.mul(tf.sign(delta), tf.sub(a, b)), scale);
    const weights = tf.where(tf.less(exponent, WEIGHT_FLUSH_EXPONENT), tf.zerosLike(raw), raw);
    const rowScale = tf.where(tf.greater(sum, 0), tf.div(1, sum), tf.mul(sum, 0)) as tf.Tensor1D;
    return { smax, weights, rowScale };
  });
}
