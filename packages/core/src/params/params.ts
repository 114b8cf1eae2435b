import * as tf from '@tensorflow/tfjs-core';

/**
 * Parameters: a record of named tensors, one per parameter group (`W`, `b`, `layers.0.weight`).
 * Ownership: whoever creates a Params disposes it ({@link disposeParams}); functions here
 * return new tensors and never dispose their inputs.
 */
export type Params = Readonly<Record<string, tf.Tensor>>;

/** Applies `f` to every group, returning new tensors under the same names. */
export function mapParams(params: Params, f: (tensor: tf.Tensor, name: string) => tf.Tensor): Params {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, tensor] of Object.entries(params)) out[name] = f(tensor, name);
  return out;
}

/** Combines two Params with the same names group by group. */
export function zipParams(a: Params, b: Params, f: (x: tf.Tensor, y: tf.Tensor, name: string) => tf.Tensor): Params {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, x] of Object.entries(a)) {
    const y = b[name];
    if (y === undefined) throw new Error(`Parameter group '${name}' is missing from the second operand (it has: ${Object.keys(b).join(', ')}).`);
    out[name] = f(x, y, name);
  }
  return out;
}

/** p + u for every group (applies optax-style updates). */
export function applyUpdates(params: Params, updates: Params): Params {
  return mapParams(params, (p, name) => {
    const u = updates[name];
    return u === undefined ? tf.clone(p) : tf.add(p, u);
  });
}

/** Σ over groups of ⟨a, b⟩, as a scalar tensor. */
export function dotParams(a: Params, b: Params): tf.Scalar {
  return tf.tidy(() => tf.addN(Object.entries(a).map(([name, x]) => tf.sum(tf.mul(x, b[name] ?? tf.zerosLike(x))))) as tf.Scalar);
}

/** ‖a‖² summed over all groups (or over `groups` only), as a scalar tensor. */
export function squaredNormParams(a: Params, groups?: readonly string[]): tf.Scalar {
  return tf.tidy(() => {
    const parts = Object.entries(a)
      .filter(([name]) => groups === undefined || groups.includes(name))
      .map(([, x]) => tf.sum(tf.square(x)));
    return (parts.length === 0 ? tf.scalar(0) : tf.addN(parts)) as tf.Scalar;
  });
}

/** Copies every group (new tensors the caller owns). */
export function cloneParams(params: Params): Params {
  return mapParams(params, (t) => tf.clone(t));
}

/** Disposes every tensor of every given Params. */
export function disposeParams(...all: (Params | undefined)[]): void {
  for (const params of all) if (params !== undefined) tf.dispose(Object.values(params));
}

/** Number of scalar parameters. */
export function countParams(params: Params): number {
  return Object.values(params).reduce((n, t) => n + t.size, 0);
}

/** Reads every group to host memory (float32 copies), for checkpoints and results. */
export function paramsToHost(params: Params): Record<string, { shape: number[]; values: Float32Array }> {
  const out: Record<string, { shape: number[]; values: Float32Array }> = {};
  for (const [name, t] of Object.entries(params)) out[name] = { shape: [...t.shape], values: t.dataSync() as Float32Array };
  return out;
}

/** Builds Params from host data (inverse of {@link paramsToHost}). */
export function paramsFromHost(host: Readonly<Record<string, { shape: readonly number[]; values: ArrayLike<number> }>>): Params {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, { shape, values }] of Object.entries(host)) out[name] = tf.tensor(Float32Array.from(values), [...shape]);
  return out;
}

/** Flattens all groups (in key order) into one vector; `unflattenParams` inverts it. */
export function flattenParams(params: Params): tf.Tensor1D {
  return tf.tidy(() => tf.concat<tf.Tensor1D>(Object.values(params).map((t) => tf.reshape<tf.Rank.R1>(t, [-1]))));
}

/**
 * Splits a flat vector back into groups shaped like `like` (in key order): the inverse of
 * {@link flattenParams}. The caller owns the returned tensors.
 *
 * @example const back = unflattenParams(flattenParams(params), params); // same shapes and values
 */
export function unflattenParams(flat: tf.Tensor1D, like: Params): Params {
  return tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    let offset = 0;
    for (const [name, t] of Object.entries(like)) {
      out[name] = tf.reshape(tf.slice(flat, [offset], [t.size]), t.shape);
      offset += t.size;
    }
    return out;
  });
}
