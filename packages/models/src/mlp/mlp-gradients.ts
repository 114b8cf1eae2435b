import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '@derand/core';
import { checkInput, lookupParam, type Mlp } from './mlp.js';

/**
 * A loss seen from the network's output: the mean loss over the batch and its gradient with
 * respect to the prediction ŷ ∈ R^{n × m} (already divided by n).
 */
export type PredictionLoss = (prediction: tf.Tensor2D) => { value: tf.Scalar; gradient: tf.Tensor2D };

/** Value and gradients of every trainable group, from {@link mlpValueAndGradients}. */
export interface MlpValueAndGradients {
  readonly value: tf.Scalar;
  readonly grads: Params;
  /** The prediction ŷ (for metrics). */
  readonly prediction: tf.Tensor2D;
}

/** `t·c` without an op when c = 1. */
const times = <T extends tf.Tensor>(t: T, c: number): T => (c === 1 ? t : tf.mul<T>(t, c));

/**
 * One fused forward and backward pass through an MLP: L(θ) = loss(c·N_θ(x)) and ∇_θ L for the
 * trainable groups, by explicit backpropagation instead of tfjs's tape.
 *
 * Forward: h₀ = x, z_l = h_{l−1} W_lᵀ + b_l, h_l = φ_l(z_l) (φ_l and φ_l′ together), ŷ = c·h_L.
 * Backward, from g = c·∂L/∂ŷ: g_z = g ⊙ φ_l′(z_l), ∇W_l = g_zᵀ h_{l−1}, ∇b_l = 1ᵀ g_z,
 * g ← g_z W_l (only as deep as a trainable group needs). ∇W_l is formed as (h_{l−1}ᵀ g_z)ᵀ when
 * fan_in < n, so the transpose the wasm kernel needs is of the smaller matrix.
 *
 * Scaled activations φ(z) = ψ(s z)/s (softplus_ι) are evaluated as ψ(t) with t = h (sW)ᵀ + s b,
 * and the 1/s moves into the next layer's weights: every scaling touches a weight-sized tensor,
 * never an n × units one.
 *
 * It runs about a third of the kernels of `tf.grad` (no tape, no constant-factor gradients),
 * which is what makes small online steps fast. It is first order only: nothing here is
 * recorded for a second differentiation (use `mlp.forward` under `tf.grad` for that).
 *
 * @param mlp the model; frozen groups come from `mlp.frozen`.
 * @param params the trainable groups.
 * @param x inputs [n, d].
 * @param loss the loss at the output (value and ∂/∂ŷ).
 * @returns new tensors the caller owns: value, grads (one per trainable group), prediction.
 * @example
 * const { value, grads } = mlpValueAndGradients(mlp, params, x, predictionLoss(mse(), y));
 */
export function mlpValueAndGradients(mlp: Mlp, params: Params, x: tf.Tensor2D, loss: PredictionLoss): MlpValueAndGradients {
  return tf.tidy(() => {
    checkInput(x, mlp.inputDim);
    const layers = mlp.layers;
    // per layer: the stored input ĥ (true input = pending·ĥ), the effective weight (s·pending)·W,
    // its factor, the bias scale s, and ψ′ at the pre-activation
    const inputs: tf.Tensor2D[] = [];
    const weights: tf.Tensor2D[] = [];
    const weightFactors: number[] = [];
    const biasFactors: number[] = [];
    const derivatives: (tf.Tensor | undefined)[] = [];
    let h = x;
    let pending = 1;
    for (const layer of layers) {
      const scale = layer.activation.scaled?.scale ?? 1;
      const activation = layer.activation.scaled?.base ?? layer.activation;
      const factor = scale * pending;
      const weight = times(lookupParam(params, mlp.frozen, layer.weight) as tf.Tensor2D, factor);
      inputs.push(h);
      weights.push(weight);
      weightFactors.push(factor);
      biasFactors.push(scale);
      const z: tf.Tensor2D =
        layer.bias === undefined
          ? tf.matMul(h, weight, false, true)
          : (tf.fused.matMul({ a: h, b: weight, transposeB: true, bias: times(lookupParam(params, mlp.frozen, layer.bias), scale) }) as tf.Tensor2D);
      if (activation.id === 'linear') {
        derivatives.push(undefined);
        h = z;
      } else {
        const [value, derivative] = activation.withDerivative(z);
        derivatives.push(derivative);
        h = value as tf.Tensor2D;
      }
      pending = 1 / scale;
    }
    const outputFactor = mlp.spec.outputScale * pending;
    const prediction = times(h, outputFactor);
    const { value, gradient } = loss(prediction);
    let g: tf.Tensor2D = times(gradient, outputFactor);
    const firstTrainable = layers.findIndex((l) => l.weightTrainable || l.biasTrainable);
    const grads: Record<string, tf.Tensor> = {};
    for (let l = layers.length - 1; l >= Math.max(firstTrainable, 0); l--) {
      const layer = layers[l];
      if (layer === undefined) break;
      const derivative = derivatives[l];
      const gz = derivative === undefined ? g : tf.mul<tf.Tensor2D>(g, derivative);
      const input = inputs[l] as tf.Tensor2D;
      if (layer.weightTrainable) {
        const raw = layer.fanIn < input.shape[0] ? tf.transpose(tf.matMul(input, gz, true, false)) : tf.matMul(gz, input, true, false);
        grads[layer.weight] = times(raw, weightFactors[l] ?? 1);
      }
      if (layer.biasTrainable && layer.bias !== undefined) {
        // 1ᵀ g_z as a matmul: the wasm Sum over axis 0 transposes first and is ~5× slower
        const column = tf.reshape(tf.matMul(tf.ones([1, gz.shape[0]]), gz), [layer.units]);
        grads[layer.bias] = times(column, biasFactors[l] ?? 1);
      }
      if (l > firstTrainable) g = tf.matMul(gz, weights[l] as tf.Tensor2D);
    }
    return { value, grads, prediction };
  });
}
