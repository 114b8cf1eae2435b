import * as tf from '@tensorflow/tfjs-core';
import { InputError, type InputIssue } from '@derand/registry';
import { addPenalty, addPenaltyGradient, type Objective, type Params, type RandomKey } from '@derand/core';
import { mlpValueAndGradients, type Mlp } from '@derand/models';
import { predictionLoss, type Loss } from '@derand/losses';
import type { Batch, DataSource } from './data.js';

/** Options of {@link structureObjective}. */
export interface StructureObjectiveOptions {
  readonly mlp: Mlp;
  readonly loss: Loss;
  readonly data: DataSource;
  /** λ of the regulariser λ Σ_{g ∈ groups} ‖P_g‖²_F (default 0). */
  readonly lambda?: number;
  /** Groups λ applies to (default ['W'], the first layer, as in the paper). */
  readonly lambdaGroups?: readonly string[];
  /**
   * Use the fused forward/backward pass for first-order gradients (default: when the loss has
   * a `derivative`). Nested differentiation always takes the tape path.
   */
  readonly fused?: boolean;
}

/** The training risk as a core {@link Objective}, plus evaluation helpers. */
export interface StructureObjective extends Objective {
  readonly lambda: number;
  readonly lambdaGroups: readonly string[];
  readonly fused: boolean;
  /** Mean loss (no regulariser) of the model at `params` on (x, y): a host number. */
  evaluate(params: Params, x: tf.Tensor2D, y: tf.Tensor2D): number;
}

/**
 * The regularised risk of a student on a teacher (paper §4):
 *
 * f(θ; ξ) = Σᵢ wᵢ ℓ(N_θ(xᵢ), yᵢ) + λ Σ_{g} ‖θ_g‖²_F,
 *
 * with the batch (xᵢ, yᵢ, wᵢ) drawn from the data source with the key `minimize` passes (wᵢ = 1/n,
 * or Gauss–Hermite weights). For first-order work (training, the certificate's gradient) it
 * offers the core a fused forward/backward pass (`valueAndGrad`, no tape); `value` is plain tfjs
 * ops, which the core differentiates for Hessian–vector products (exact second derivatives).
 *
 * @throws InputError (BAD_OPTION) when λ is negative or a λ group is not a trainable group.
 * @example
 * const objective = structureObjective({ mlp, loss: mse(), data, lambda: 1e-5 });
 * const run = minimize(objective, authorsPerturbation({ groups: { W: { learningRate: 25 }, b: { learningRate: 60 } } }), { steps: 10_000, key });
 * @see Tsikouras, Pantis, Mitliagkas & Tzamos, "A Derandomization Framework for Structure Discovery", ICLR 2026, §4.
 */
export function structureObjective(options: StructureObjectiveOptions): StructureObjective {
  const { mlp, loss, data } = options;
  const lambda = options.lambda ?? 0;
  const lambdaGroups = options.lambdaGroups ?? ['W'];
  const issues: InputIssue[] = [];
  if (!(lambda >= 0) || !Number.isFinite(lambda)) issues.push({ where: 'lambda', message: 'must be a finite number ≥ 0', value: lambda });
  for (const g of lambdaGroups) {
    if (!mlp.trainable.includes(g)) issues.push({ where: 'lambdaGroups', message: `'${g}' is not a trainable group (trainable: ${mlp.trainable.join(', ')})`, value: g });
  }
  if (options.fused === true && loss.derivative === undefined) {
    issues.push({ where: 'fused', message: `loss '${loss.id}' has no derivative; the fused pass needs one (omit 'fused' to use autodiff)` });
  }
  if (issues.length > 0) throw new InputError('BAD_OPTION', 'Invalid structure objective:', issues);
  const fused = options.fused ?? loss.derivative !== undefined;
  const regularised = lambda > 0 ? lambdaGroups : [];

  const plainValue = (params: Params, batch: Batch): tf.Scalar =>
    tf.tidy(() => {
      const perSample = loss.perSample(mlp.forward(params, batch.x), batch.y);
      const risk = batch.weights === undefined ? tf.mean<tf.Scalar>(perSample) : tf.sum<tf.Scalar>(tf.mul(perSample, batch.weights));
      return addPenalty(risk, params, regularised, lambda);
    });

  /** One fused forward/backward pass (the core's `valueAndGrad` hook): f and ∇f, no tape. */
  const fusedValueAndGrad = (params: Params, key: RandomKey): { value: tf.Scalar; grads: Params } =>
    tf.tidy(() => {
      const batch = data.batch(key);
      const { value, grads } = mlpValueAndGradients(mlp, params, batch.x, predictionLoss(loss, batch.y, batch.weights));
      const all: Record<string, tf.Tensor> = {};
      for (const n of Object.keys(params)) all[n] = grads[n] ?? tf.zerosLike(params[n]!);
      return { value: addPenalty(value, params, regularised, lambda), grads: addPenaltyGradient(all, params, regularised, lambda) };
    });

  return {
    init: mlp.init,
    lambda,
    lambdaGroups,
    // Not of the lemma's shape: the labels depend on x, so the risk is not E_x[g(Wx + b)].
    // Theorem 4.1 bounds ‖W⊥‖_F instead (certifyStructure), with the same lemmaBound.
    lemma: {
      noiseGroups: ['W'],
      lambda,
      applies: false,
      reason: 'a training risk whose labels depend on x (not E_x[g(Wx + b)]): Theorem 4.1 bounds ‖W⊥‖_F instead, reported as theoremBound',
    },
    fused,
    ...(fused ? { valueAndGrad: fusedValueAndGrad } : {}),
    value: (params, key) => {
      const batch = data.batch(key);
      try {
        return plainValue(params, batch);
      } finally {
        tf.dispose([batch.x, batch.y, ...(batch.weights === undefined ? [] : [batch.weights])]);
      }
    },
    evaluate: (params, x, y) => tf.tidy(() => tf.mean(loss.perSample(mlp.forward(params, x), y)).dataSync()[0] ?? NaN),
  };
}
