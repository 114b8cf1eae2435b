/**
 * Recommended optimizer settings for JL losses, by optimizer id: data, not branches. η₀ → η₁ is
 * the geometric step-size decay of a fit (when neither `learningRate` nor the optimizer's own
 * options give one); `options` are merged under the user's optimizer options.
 *
 * Adam 0.1 (its steps are scale-free); plain gradient steps need η ≈ 30 because the curvature
 * near M = 0 is only about 2/(k·r) (each of the m items pulls on k·r coordinates with weight
 * 1/m); momentum 3 (≈ 30·(1 − 0.9)); Jin's PGD keeps η constant, with thresholds that escape
 * the saddle M = 0 and run the full budget.
 */
export const JL_RECOMMENDED_OPTIMIZERS: Readonly<Record<string, { readonly learningRate: number; readonly learningRateEnd: number; readonly options?: Readonly<Record<string, unknown>> }>> = {
  adam: { learningRate: 0.1, learningRateEnd: 0.1 / 30 },
  gd: { learningRate: 30, learningRateEnd: 1 },
  'sgd-momentum': { learningRate: 3, learningRateEnd: 0.1 },
  pgd: { learningRate: 30, learningRateEnd: 30, options: { mode: 'thresholds', radius: 1, gThres: 1e-4, tThres: 20, fThres: 1e-6, terminate: false } },
  'perturbed-sgd': { learningRate: 30, learningRateEnd: 30, options: { mode: 'thresholds', radius: 1, gThres: 1e-4, tThres: 20, fThres: 1e-6, terminate: false } },
};
