import type { RandomKey } from './key.js';
import { philox4x32 } from './philox.js';
import { philoxBlocksWasm } from './philox-wasm.js';

/**
 * Host-side sampling from a key. Element i of a draw uses word (i mod 4) of the Philox block
 * with counter (⌊i/4⌋ + offset, 0, 0, 0): the same layout the device kernels use, so a draw
 * is reproducible on every backend.
 */

const TWO_POW_MINUS_24 = 2 ** -24;

/** `count` raw uint32 words of the stream of `key`, starting at block `blockOffset`. */
export function randomBits(key: RandomKey, count: number, blockOffset = 0): Uint32Array {
  const blocks = Math.ceil(count / 4);
  const out = new Uint32Array(blocks * 4);
  if (blocks > 0 && philoxBlocksWasm(key.k0, key.k1, blockOffset, blocks, out)) return count === out.length ? out : out.subarray(0, count);
  for (let b = 0; b < blocks; b++) {
    const counter = b + blockOffset;
    philox4x32(key.k0, key.k1, counter >>> 0, Math.floor(counter / 2 ** 32) >>> 0, 0, 0, out, b * 4);
  }
  return count === out.length ? out : out.subarray(0, count);
}

/** Uniform on [0, 1): the top 24 bits of each word, so every value is exact in float32. */
export function uniformFromBits(bits: number): number {
  return (bits >>> 8) * TWO_POW_MINUS_24;
}

/** `count` uniforms in [low, high) (float64 values of float32-exact uniforms). */
export function sampleUniform(key: RandomKey, count: number, low = 0, high = 1): Float64Array {
  const bits = randomBits(key, count);
  const out = new Float64Array(count);
  const width = high - low;
  for (let i = 0; i < count; i++) out[i] = low + width * uniformFromBits(bits[i] ?? 0);
  return out;
}

/**
 * `count` standard normals by Box–Muller on consecutive word pairs (2i, 2i+1):
 * u1 ∈ (0, 1] from word 2i, u2 ∈ [0, 1) from word 2i+1,
 * z_{2i} = √(−2 ln u1)·cos(2πu2), z_{2i+1} = √(−2 ln u1)·sin(2πu2).
 */
export function sampleNormal(key: RandomKey, count: number, mean = 0, std = 1): Float64Array {
  const pairs = Math.ceil(count / 2);
  const bits = randomBits(key, pairs * 2);
  const out = new Float64Array(count);
  for (let p = 0; p < pairs; p++) {
    const u1 = ((bits[2 * p] ?? 0) >>> 8) * TWO_POW_MINUS_24 + TWO_POW_MINUS_24;
    const u2 = uniformFromBits(bits[2 * p + 1] ?? 0);
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    out[2 * p] = mean + std * radius * Math.cos(angle);
    if (2 * p + 1 < count) out[2 * p + 1] = mean + std * radius * Math.sin(angle);
  }
  return out;
}

/** Uniform integers in [0, n) by rejection-free multiply-shift (bias below 2^-32·n). */
export function sampleIntegers(key: RandomKey, count: number, n: number): Uint32Array {
  const bits = randomBits(key, count);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.floor(((bits[i] ?? 0) / 2 ** 32) * n);
  return out;
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates driven by the key). */
export function samplePermutation(key: RandomKey, n: number): Uint32Array {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const bits = randomBits(key, Math.max(n, 1));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(((bits[i] ?? 0) / 2 ** 32) * (i + 1));
    const tmp = perm[i] ?? 0;
    perm[i] = perm[j] ?? 0;
    perm[j] = tmp;
  }
  return perm;
}
