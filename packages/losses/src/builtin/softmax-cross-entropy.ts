import * as tf from '@tensorflow/tfjs-core';
import { defineLoss, type Loss } from '../loss.js';

/**
 * Softmax cross-entropy for one-hot (or probability) target rows y:
 * ℓ = −Σⱼ yⱼ log softmax(ŷ)ⱼ,  ∂ℓ/∂ŷ = (Σⱼyⱼ)·softmax(ŷ) − y,
 * ∇²ℓ = (Σⱼyⱼ)(diag p − ppᵀ) with p = softmax(ŷ).
 *
 * @example const loss = softmaxCrossEntropy(); // with teacher labels: 'argmax'
 */
export const softmaxCrossEntropyLoss = defineLoss({
  id: 'softmax-cross-entropy',
  summary: 'Softmax cross-entropy −Σ y·log softmax(ŷ) for one-hot targets (multi-output students).',
  source: '@derand/losses',
  label: 'softmax-cross-entropy',
  targets: 'one-hot',
  // log softmax(ŷ) = ŷ − logsumexp(ŷ) written out: tf.logSoftmax is a customGrad op whose
  // gradient reads its saved output, so nested differentiation through it fails.
  perSample: (p, y) =>
    tf.tidy(() => {
      const shifted = tf.sub(p, tf.max(p, 1, true));
      const logSoftmax = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), 1, true)));
      return tf.neg(tf.sum(tf.mul(y, logSoftmax), 1));
    }),
  derivative: (p, y) => tf.tidy(() => tf.sub(tf.mul(tf.softmax(p), tf.sum(y, 1, true)), y)),
});

/**
 * The softmax cross-entropy {@link Loss}.
 *
 * @example const loss = softmaxCrossEntropy();
 */
export const softmaxCrossEntropy = (): Loss => softmaxCrossEntropyLoss.create({});
