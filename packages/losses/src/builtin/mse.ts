import * as tf from '@tensorflow/tfjs-core';
import { defineLoss, type Loss } from '../loss.js';

/**
 * Squared error, the paper's training loss: ℓ(ŷ, y) = Σⱼ (ŷⱼ − yⱼ)², ∂ℓ/∂ŷ = 2(ŷ − y),
 * ∂²ℓ/∂ŷ² = 2I. The mean over a batch is the MSE (1/n)Σᵢ(ŷᵢ − yᵢ)².
 *
 * @example const L = meanLoss(mse(), yhat, y);
 */
export const mseLoss = defineLoss({
  id: 'mse',
  summary: 'Squared error Σ(ŷ − y)² (the paper’s loss); mean over the batch.',
  source: '@derand/losses',
  label: 'mse',
  perSample: (p, y) => tf.tidy(() => tf.sum(tf.square(tf.sub(p, y)), 1)),
  derivative: (p, y) => tf.tidy(() => tf.mul(tf.sub(p, y), 2)),
});

/**
 * The squared-error {@link Loss}.
 *
 * @example const L = meanLoss(mse(), yhat, y);
 */
export const mse = (): Loss => mseLoss.create({});
