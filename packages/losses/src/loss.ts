import * as tf from '@tensorflow/tfjs-core';
import { definePlugin, InputError, z, type InputIssue } from '@derand/registry';

/** Which targets a loss expects: real values, signs ±1, or one-hot (probability) rows. */
export type TargetKind = 'real' | 'sign' | 'one-hot';

/**
 * A loss ℓ(ŷ, y) between a prediction row ŷ ∈ R^m and a target row y ∈ R^m.
 *
 * `perSample` must be built from tfjs ops so that it differentiates correctly twice (the
 * certificate takes Hessian–vector products through it). `derivative`, when given, returns
 * ∂ℓ/∂ŷ as a tensor expression; it enables the fused forward/backward pass of the structure
 * solver, and `checkLoss` verifies it against autodiff and finite differences.
 */
export interface Loss {
  readonly id: string;
  /** Name with parameters for results: `huber(δ=1)`. */
  readonly label: string;
  readonly targets: TargetKind;
  /** `smooth`: C² with a locally Lipschitz Hessian; `C1`: Lipschitz gradient only. */
  readonly smoothness: 'smooth' | 'C1';
  /** ℓ per row: a [n] tensor from predictions and targets [n, m]. */
  perSample(prediction: tf.Tensor2D, target: tf.Tensor2D): tf.Tensor;
  /** ∂ℓ/∂ŷ per row: a [n, m] tensor (not divided by n). */
  derivative?(prediction: tf.Tensor2D, target: tf.Tensor2D): tf.Tensor;
}

/** The parts of a {@link Loss} a definition supplies (id comes from the plugin). */
export type LossImplementation = Omit<Loss, 'id' | 'label' | 'smoothness' | 'targets'> &
  Partial<Pick<Loss, 'label' | 'smoothness' | 'targets'>>;

/**
 * Mean loss over the batch, L = (1/n) Σᵢ ℓ(ŷᵢ, yᵢ), after checking shapes.
 *
 * @throws InputError (BAD_SHAPE) when prediction and target shapes differ.
 * @example const L = meanLoss(mse(), yhat, y);
 */
export function meanLoss(loss: Loss, prediction: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  checkShapes(prediction, target);
  return tf.tidy(() => tf.mean(loss.perSample(prediction, target)));
}

/**
 * The loss as the fused MLP pass wants it: L = Σᵢ wᵢ ℓ(ŷᵢ, yᵢ) and ∂L/∂ŷᵢ = wᵢ ∂ℓ/∂ŷᵢ, with
 * wᵢ = 1/n (the mean) or given weights (quadrature). Falls back to `tf.grad` when the loss has no
 * `derivative` (then it must not run inside another custom gradient's forward pass).
 *
 * @param weights optional [n] weights wᵢ (for example Gauss–Hermite weights summing to 1).
 * @example const { value, gradient } = predictionLoss(mse(), y)(yhat);
 */
export function predictionLoss(
  loss: Loss,
  target: tf.Tensor2D,
  weights?: tf.Tensor1D,
): (prediction: tf.Tensor2D) => { value: tf.Scalar; gradient: tf.Tensor2D } {
  return (prediction) =>
    tf.tidy(() => {
      checkShapes(prediction, target);
      const n = prediction.shape[0];
      const perSample = loss.perSample(prediction, target);
      const value: tf.Scalar = weights === undefined ? tf.mean<tf.Scalar>(perSample) : tf.sum<tf.Scalar>(tf.mul(perSample, weights));
      const derivative = loss.derivative?.(prediction, target) ?? tf.grad((p: tf.Tensor) => tf.sum(loss.perSample(p as tf.Tensor2D, target)))(prediction);
      const gradient = weights === undefined ? tf.div(derivative, n) : tf.mul(derivative, tf.reshape(weights, [n, 1]));
      return { value, gradient: gradient as tf.Tensor2D };
    });
}

function checkShapes(prediction: tf.Tensor, target: tf.Tensor): void {
  const issues: InputIssue[] = [];
  if (prediction.rank !== 2) issues.push({ where: 'prediction', message: 'must be a matrix [n, m]', value: prediction.shape });
  if (target.rank !== 2) issues.push({ where: 'target', message: 'must be a matrix [n, m]', value: target.shape });
  if (issues.length === 0 && (prediction.shape[0] !== target.shape[0] || prediction.shape[1] !== target.shape[1])) {
    issues.push({ where: 'target', message: `shape must equal the prediction's [${prediction.shape.join(', ')}]`, value: target.shape });
  }
  if (issues.length > 0) throw new InputError('BAD_SHAPE', 'Loss inputs have the wrong shape:', issues);
}

const noOptions = z.object({}).strict();

/** A loss definition: fixed (perSample/derivative) or built from options (`create`). */
export type LossDefinition<S extends z.ZodType> =
  | ({ readonly id: string; readonly summary: string; readonly source?: string } & LossImplementation)
  | { readonly id: string; readonly summary: string; readonly source?: string; readonly options: S; create(options: z.output<S>): LossImplementation };

/**
 * Declares a loss as a registry plugin (kind `loss`): register it and `--loss <id>` uses it.
 *
 * @example
 * // my-loss.js, loaded with `derand structure --plugin my-loss.js --loss cauchy`
 * export default defineLoss({
 *   id: 'cauchy', summary: 'Cauchy loss log(1 + r²)',
 *   perSample: (p, y) => tf.sum(tf.log1p(tf.square(tf.sub(p, y))), 1),
 *   derivative: (p, y) => { const r = tf.sub(p, y); return tf.div(tf.mul(2, r), tf.add(1, tf.square(r))); },
 * });
 */
export function defineLoss<const Id extends string, S extends z.ZodType = typeof noOptions>(definition: LossDefinition<S> & { readonly id: Id }) {
  const build = (impl: LossImplementation): Loss => ({
    id: definition.id,
    label: impl.label ?? definition.id,
    targets: impl.targets ?? 'real',
    smoothness: impl.smoothness ?? 'smooth',
    perSample: impl.perSample,
    ...(impl.derivative === undefined ? {} : { derivative: impl.derivative }),
  });
  if ('create' in definition) {
    return definePlugin({
      kind: 'loss',
      id: definition.id,
      summary: definition.summary,
      options: definition.options,
      ...(definition.source === undefined ? {} : { source: definition.source }),
      create: (options: z.output<S>): Loss => build(definition.create(options)),
    });
  }
  const fixed = build(definition);
  return definePlugin({
    kind: 'loss',
    id: definition.id,
    summary: definition.summary,
    options: noOptions as unknown as S,
    ...(definition.source === undefined ? {} : { source: definition.source }),
    create: (): Loss => fixed,
  });
}
