import { DerandError } from '@derand/registry';
import { philox4x32 } from './philox.js';

/**
 * A random key: two uint32 words. Keys are values, never mutated; streams are derived from a
 * root key with {@link splitKey} and {@link foldIn}, as in JAX, so every random draw of a run
 * is a pure function of its root seed and the path that led to it.
 */
export interface RandomKey {
  readonly k0: number;
  readonly k1: number;
}

/** Domain tags keep split, fold and sampling counters from ever colliding. */
const TAG_SPLIT = 0x5b1e7a11;
const TAG_FOLD = 0x0f01d1a5;

/**
 * The root key of a run from an integer seed in [0, 2^53).
 *
 * @throws DerandError when the seed is not a non-negative safe integer.
 */
export function keyFromSeed(seed: number): RandomKey {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new DerandError('BAD_SEED', `Seed must be a non-negative integer below 2^53 (got ${seed}). Use for example --seed 0.`);
  }
  const k0 = seed >>> 0;
  const k1 = Math.floor(seed / 2 ** 32) >>> 0;
  // One Philox pass so that nearby seeds give unrelated keys.
  const out = new Uint32Array(4);
  philox4x32(k0, k1, 0, 0, 0x73656564, 0, out);
  return { k0: out[0] ?? 0, k1: out[1] ?? 0 };
}

/** `count` independent keys derived from `key`. */
export function splitKey(key: RandomKey, count = 2): RandomKey[] {
  const out = new Uint32Array(4);
  const keys: RandomKey[] = [];
  for (let i = 0; i < count; i++) {
    philox4x32(key.k0, key.k1, i, 0, TAG_SPLIT, 0, out);
    keys.push({ k0: out[0] ?? 0, k1: out[1] ?? 0 });
  }
  return keys;
}

/** The key for sub-stream `data` of `key` (a step number, a layer index, a hashed name). */
export function foldIn(key: RandomKey, data: number | string): RandomKey {
  const word = typeof data === 'number' ? data >>> 0 : hashString(data);
  const high = typeof data === 'number' ? Math.floor(data / 2 ** 32) >>> 0 : 0x9e3779b9;
  const out = new Uint32Array(4);
  philox4x32(key.k0, key.k1, word, high, TAG_FOLD, 0, out);
  return { k0: out[0] ?? 0, k1: out[1] ?? 0 };
}

/** FNV-1a over UTF-16 code units, for folding in names. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A key as a JSON-safe pair, for checkpoints and results. */
export function keyToJSON(key: RandomKey): [number, number] {
  return [key.k0, key.k1];
}

/**
 * The key a {@link keyToJSON} pair stands for (checkpoints and results hold keys as pairs).
 *
 * @example keyFromJSON(keyToJSON(keyFromSeed(7))); // the key of seed 7
 */
export function keyFromJSON(value: readonly [number, number]): RandomKey {
  return { k0: value[0] >>> 0, k1: value[1] >>> 0 };
}
