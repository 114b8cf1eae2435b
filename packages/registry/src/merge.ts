/** A plain object (not an array, not a class instance such as a typed array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Layers raw options: `override` over `base`, plain objects merged key by key, everything else
 * (numbers, strings, arrays) replaced. One rule for parts: an object whose `id` differs from the
 * base's `id` replaces it whole, so `--optimizer adam` over a preset's authors-pgd does not
 * inherit the other optimizer's options. A part given as a bare id string is widened to
 * `{ id }` first, so `--optimizer-options` can still fill in its options. Neither input changes.
 *
 * @example mergeOptions({ teacher: { k: 1, link: 'tanh' } }, { teacher: { k: 2 } }); // { teacher: { k: 2, link: 'tanh' } }
 */
export function mergeOptions(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (typeof base === 'string' && isPlainObject(override) && typeof override['id'] === 'string') base = { id: base };
  if (typeof override === 'string' && isPlainObject(base) && typeof base['id'] === 'string') {
    return override === base['id'] ? base : override;
  }
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  if ('id' in override && 'id' in base && override['id'] !== base['id']) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = mergeOptions(base[key], value);
  return out;
}
