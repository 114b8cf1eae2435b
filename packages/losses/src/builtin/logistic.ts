import * as tf from '@tensorflow/tfjs-core';
import { defineLoss, type Loss } from '../loss.js';

/**
 * Logistic loss for targets y ∈ {−1, +1} (or any real margin weight):
 * ℓ = Σⱼ log(1 + e^{−yⱼŷⱼ}),  ∂ℓ/∂ŷⱼ = −yⱼ σ(−yⱼŷⱼ),  ∂²ℓ/∂ŷⱼ² = yⱼ² σ(yⱼŷⱼ)σ(−yⱼŷⱼ).
 *
 * @example const loss = logistic(); // with teacher labels: 'sign'
 */
export const logisticLoss = defineLoss({
  id: 'logistic',
  summary: 'Logistic loss log(1 + exp(−y·ŷ)) for ±1 targets.',
  source: '@derand/losses',
  label: 'logistic',
  targets: 'sign',
  perSample: (p, y) => tf.tidy(() => tf.sum(tf.softplus(tf.neg(tf.mul(y, p))), 1)),
  derivative: (p, y) => tf.tidy(() => tf.neg(tf.mul(y, tf.sigmoid(tf.neg(tf.mul(y, p)))))),
});

/**
 * The logistic {@link Loss}.
 *
 * @example const loss = logistic();
 */
export const logistic = (): Loss => logisticLoss.create({});
