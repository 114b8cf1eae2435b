import * as tf from '@tensorflow/tfjs-core';
import { foldIn } from '../random/key.js';
import { hessianOperator } from '../curvature/hessian-operator.js';
import { lanczos } from '../linalg/lanczos.js';
import { sampleNormal } from '../random/sample.js';
import { assertGroupNames, type GroupSettings } from './optimizer-options.js';
import { mapParams, type Params } from '../params/params.js';
import { stepSizeAt } from './transforms.js';
import type { GradientTransformation, StepSize, UpdateResult } from '../params/types.js';

export interface HessianDescentOptions {
  /** Gradient step size η (a number or a schedule). */
  readonly learningRate: StepSize;
  /** Per-group step sizes or frozen groups for the gradient steps (the shared optimizer contract). */
  readonly groups?: Readonly<Record<string, GroupSettings>>;
  /** Hessian-Lipschitz constant K: sets the curvature threshold −√(Kρ) and the step 2|λ|/K. */
  readonly K: number;
  /** Target precision ρ. */
  readonly rho: number;
  /** Lanczos iterations per curvature check (default 20). */
  readonly lanczosSteps?: number;
  /** Check curvature only when ‖∇f‖ ≤ this (default ρ): far from stationarity a gradient step is enough. */
  readonly curvatureCheckBelow?: number;
  /** Stop when ‖∇f‖ ≤ ρ and λ_min ≥ −√(Kρ) (default true). */
  readonly terminate?: boolean;
}

export interface HessianDescentState {
  readonly curvatureSteps: number;
}

/**
 * Hessian descent (as in Tsikouras, Caramanis, Tzamos, NeurIPS 2024): when ‖∇f‖ ≤ ρ, compute
 * λ_min and its eigenvector v by Lanczos on Hessian–vector products; if λ_min < −√(Kρ), move
 * z ← z + α·s·v with α = 2|λ_min|/K and s = −sign⟨∇f, v⟩ (a descent direction of negative
 * curvature; the cubic model then decreases by (2/3)|λ_min|³/K²); otherwise a gradient step
 * z ← z − η∇f, and, at a ρ-SOSP, stop.
 */
export function hessianDescent(options: HessianDescentOptions): GradientTransformation<HessianDescentState> {
  const threshold = -Math.sqrt(options.K * options.rho);
  const checkBelow = options.curvatureCheckBelow ?? options.rho;
  const gradientStep = (grads: Params, step: number): Params =>
    mapParams(grads, (g, name) => {
      const group = options.groups?.[name];
      return group?.frozen === true ? tf.zerosLike(g) : tf.mul(g, -stepSizeAt(group?.learningRate ?? options.learningRate, step));
    });
  return {
    init: (params) => {
      assertGroupNames(options, params);
      return { curvatureSteps: 0 };
    },
    update: (grads, state, context): UpdateResult<HessianDescentState> => {
      const gradNorm = context.gradNorm();
      if (gradNorm > checkBelow) {
        return { updates: gradientStep(grads, context.step), state, info: { gradNorm } };
      }
      const operator = hessianOperator(context.objective, context.params, { key: context.sampleKey });
      const start = sampleNormal(foldIn(context.key, 'hd-lanczos'), operator.layout.total);
      const spectrum = lanczos(operator.apply, start, { steps: options.lanczosSteps ?? 20 });
      if (spectrum.min >= threshold) {
        const updates = gradientStep(grads, context.step);
        const done = options.terminate !== false && gradNorm <= options.rho;
        return { updates, state, info: { gradNorm, lambdaMin: spectrum.min }, ...(done ? { stop: { reason: 'rho-sosp' } } : {}) };
      }
      // direction of negative curvature, oriented downhill
      let offset = 0;
      const direction: Record<string, tf.Tensor> = {};
      operator.layout.names.forEach((name, i) => {
        const size = operator.layout.sizes[i]!;
        direction[name] = tf.tensor(Float32Array.from(spectrum.minVector.subarray(offset, offset + size)), operator.layout.shapes[i]);
        offset += size;
      });
      const slope = tf.addN(Object.entries(direction).map(([n, v]) => tf.sum(tf.mul(v, grads[n]!)))).dataSync()[0] ?? 0;
      const alpha = ((2 * Math.abs(spectrum.min)) / options.K) * (slope > 0 ? -1 : 1);
      const updates = mapParams(grads, (g, name) => (direction[name] === undefined ? tf.zerosLike(g) : tf.mul(direction[name], alpha)));
      return { updates, state: { curvatureSteps: state.curvatureSteps + 1 }, info: { gradNorm, lambdaMin: spectrum.min, curvatureSteps: state.curvatureSteps + 1 } };
    },
  };
}
