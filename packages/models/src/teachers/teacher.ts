import * as tf from '@tensorflow/tfjs-core';
import { InputError, issuesFromZod, z, type AnyRegistry, type InputIssue } from '@derand/registry';
import { foldIn, randomNormal, type RandomKey } from '@derand/core';
import type { Activation } from '../activations/activation.js';
import { activationSpecSchema, resolveActivation } from '../activations/resolve-activation.js';
import { checkInput } from '../mlp/mlp.js';
import { orthonormalizeRows, randomOrthonormalRows } from './orthonormal.js';

function isActivation(value: unknown): value is Activation {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Activation>).apply === 'function' && typeof (value as Partial<Activation>).derivative === 'function';
}

/**
 * A multi-index teacher y = r(h(Ux)) + σε: U ∈ R^{k×d} with orthonormal rows, h a link applied to
 * each index, r the mean or sum over the k indices, ε ~ N(0, 1).
 */
export const teacherSpecSchema = z
  .object({
    /** Input dimension d. */
    inputDim: z.number().int().positive(),
    /** Number of indices k (1 = single index). */
    k: z.number().int().positive().default(1),
    /**
     * The directions: `ones` puts u₁ = 1/√d (the paper's u = (1,1)/√2 for d = 2) and completes
     * it with random orthonormal rows; `random` draws all k from the Haar measure; `axes` uses
     * e₁…e_k; or give the k×d rows (they must be orthonormal).
     */
    directions: z.union([z.enum(['ones', 'random', 'axes']), z.array(z.array(z.number()))]).default('ones'),
    /** Link h, applied per index (default tanh): a spec (relu is allowed for a teacher) or any {@link Activation}. */
    link: z.union([activationSpecSchema, z.custom<Activation>(isActivation, 'an activation spec or an Activation object')]).default('tanh'),
    /** How the k link values are combined (default mean, as the authors' multi-index teacher). */
    reduce: z.enum(['mean', 'sum']).default('mean'),
    /** Standard deviation σ of additive Gaussian label noise (default 0). */
    noise: z.number().nonnegative().default(0),
    /**
     * `real`: y as is; `sign`: y ∈ {−1, +1} for margin losses; `argmax`: one-hot of the index
     * with the largest link value (k classes, for softmax cross-entropy).
     */
    labels: z.enum(['real', 'sign', 'argmax']).default('real'),
  })
  .strict();
export type TeacherSpec = z.input<typeof teacherSpecSchema>;
export type NormalizedTeacherSpec = z.output<typeof teacherSpecSchema>;

/** A built teacher. */
export interface Teacher {
  readonly spec: NormalizedTeacherSpec;
  readonly inputDim: number;
  readonly k: number;
  /** U, k×d row-major float64, orthonormal rows: span(U) is the subspace to discover. */
  readonly directions: Float64Array;
  readonly link: Activation;
  /** Columns of a label: 1, or k for `argmax` labels. */
  readonly outputDim: number;
  /** Labels for x ∈ R^{n×d} as [n, outputDim]; noise (if any) is drawn from `key`. */
  labels(x: tf.Tensor2D, key: RandomKey): tf.Tensor2D;
  /** Labels without noise. */
  clean(x: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

function directionsFor(spec: NormalizedTeacherSpec, key: RandomKey): Float64Array {
  const { inputDim: d, k, directions } = spec;
  if (directions === 'random') return randomOrthonormalRows(key, k, d);
  if (directions === 'axes') {
    const u = new Float64Array(k * d);
    for (let i = 0; i < k; i++) u[i * d + i] = 1;
    return u;
  }
  if (directions === 'ones') {
    const u = new Float64Array(k * d);
    u.fill(1 / Math.sqrt(d), 0, d);
    if (k > 1) u.set(randomOrthonormalRows(key, k - 1, d), d);
    return orthonormalizeRows(u, k, d);
  }
  return Float64Array.from(directions.flat());
}

/** The largest |(UUᵀ − I)_ij|. */
function orthonormalityError(u: Float64Array, k: number, d: number): number {
  let worst = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += (u[i * d + c] ?? 0) * (u[j * d + c] ?? 0);
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

/**
 * Validates a teacher spec, collecting every problem.
 *
 * @throws InputError (BAD_TEACHER).
 * @example parseTeacherSpec({ inputDim: 20, k: 2, directions: 'random' }).link; // 'tanh'
 */
export function parseTeacherSpec(raw: unknown, registry?: AnyRegistry): NormalizedTeacherSpec {
  const parsed = teacherSpecSchema.safeParse(raw);
  if (!parsed.success) throw new InputError('BAD_TEACHER', 'Invalid teacher specification:', issuesFromZod(parsed.error, raw));
  const spec = parsed.data;
  const issues: InputIssue[] = [];
  if (spec.k > spec.inputDim) issues.push({ where: 'k', message: `the number of indices cannot exceed the input dimension d = ${spec.inputDim}`, value: spec.k });
  if (Array.isArray(spec.directions)) {
    const rows = spec.directions;
    if (rows.length !== spec.k || rows.some((r) => r.length !== spec.inputDim)) {
      issues.push({ where: 'directions', message: `must be ${spec.k} rows of length ${spec.inputDim}`, value: rows.map((r) => r.length) });
    } else {
      const error = orthonormalityError(Float64Array.from(rows.flat()), spec.k, spec.inputDim);
      if (error > 1e-6) issues.push({ where: 'directions', message: `rows must be orthonormal (max |UUᵀ − I| = ${error.toExponential(2)}); use 'random' or orthonormalise them` });
    }
  }
  if (spec.labels === 'argmax' && spec.k < 2) issues.push({ where: 'labels', message: "'argmax' labels need k ≥ 2 indices (one class per index)", value: spec.k });
  try {
    resolveActivation(spec.link, registry);
  } catch (error) {
    issues.push({ where: 'link', message: error instanceof Error ? error.message : String(error), value: spec.link });
  }
  if (issues.length > 0) throw new InputError('BAD_TEACHER', 'Invalid teacher specification:', issues);
  return spec;
}

/**
 * Builds a teacher; random directions come from `key`.
 *
 * y = (1/k or 1)·Σⱼ h(⟨uⱼ, x⟩) + σε, then `sign` or one-hot `argmax` if asked.
 *
 * @example
 * const teacher = createTeacher({ inputDim: 2, link: 'tanh' }, keyFromSeed(0)); // y = tanh(u·x), u = (1,1)/√2
 * const y = teacher.labels(x, foldIn(key, step));
 * @see Mousavi-Hosseini et al., "Neural Networks Efficiently Learn Low-Dimensional Representations with SGD", ICLR 2023 (multi-index model).
 */
export function createTeacher(raw: TeacherSpec | NormalizedTeacherSpec, key: RandomKey, registry?: AnyRegistry): Teacher {
  const spec = parseTeacherSpec(raw, registry);
  const { inputDim: d, k } = spec;
  const directions = directionsFor(spec, foldIn(key, 'directions'));
  const link = resolveActivation(spec.link, registry);
  const uT = tf.tidy(() => tf.transpose(tf.tensor2d(Float32Array.from(directions), [k, d])));
  const outputDim = spec.labels === 'argmax' ? k : 1;
  const signal = (x: tf.Tensor2D): tf.Tensor2D => {
    const h = link.apply(tf.matMul(x, uT));
    if (spec.labels === 'argmax') return h as tf.Tensor2D;
    return (k === 1 ? h : spec.reduce === 'mean' ? tf.mean(h, 1, true) : tf.sum(h, 1, true)) as tf.Tensor2D;
  };
  const finish = (y: tf.Tensor2D): tf.Tensor2D => {
    if (spec.labels === 'sign') return tf.where<tf.Tensor2D>(tf.greaterEqual(y, 0), tf.onesLike(y), tf.fill(y.shape, -1));
    if (spec.labels === 'argmax') return tf.cast(tf.oneHot(tf.argMax(y, 1), k), 'float32') as tf.Tensor2D;
    return y;
  };
  return {
    spec,
    inputDim: d,
    k,
    directions,
    link,
    outputDim,
    labels: (x, noiseKey) =>
      tf.tidy(() => {
        checkInput(x, d);
        const y = signal(x);
        return finish(spec.noise > 0 ? tf.add(y, randomNormal(noiseKey, y.shape, 0, spec.noise)) : y);
      }),
    clean: (x) =>
      tf.tidy(() => {
        checkInput(x, d);
        return finish(signal(x));
      }),
    dispose: () => uT.dispose(),
  };
}
