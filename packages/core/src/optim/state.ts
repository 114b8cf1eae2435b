import * as tf from '@tensorflow/tfjs-core';

/** Every tensor reachable in a (nested) optimizer state. */
export function tensorsIn(value: unknown, found: Set<tf.Tensor> = new Set()): Set<tf.Tensor> {
  if (value instanceof tf.Tensor) {
    found.add(value as tf.Tensor);
  } else if (Array.isArray(value)) {
    for (const item of value) tensorsIn(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) tensorsIn(item, found);
  }
  return found;
}

/** Disposes the tensors of `previous` that `next` no longer holds (state hand-over). */
export function disposeReplaced(previous: unknown, next: unknown): void {
  const keep = tensorsIn(next);
  for (const t of tensorsIn(previous)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}

/** Disposes every tensor in a state. */
export function disposeState(state: unknown): void {
  for (const t of tensorsIn(state)) if (!t.isDisposed) t.dispose();
}

/** Keeps every tensor of a value out of the enclosing `tf.tidy` (returns the value). */
export function keepAll<T>(value: T): T {
  for (const t of tensorsIn(value)) tf.keep(t);
  return value;
}

/**
 * Runs `fn` in a `tf.tidy` scope and keeps every tensor reachable from its result (which may
 * be any structure: optimizer states, update results); intermediates are freed.
 */
export function tidyKeep<T>(fn: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = keepAll(fn());
  });
  return out as T;
}
