import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { startEngine } from '../engine/start-engine.js';
import { foldIn, keyFromSeed, splitKey } from './key.js';
import { randomNormal, randomUniform } from './kernels.js';
import { mulhi32, philox4x32 } from './philox.js';
import { randomBits, sampleNormal, samplePermutation, sampleUniform } from './sample.js';
import { philoxBlocksWasm } from './philox-wasm.js';

const hex = (words: Uint32Array): string[] => [...words].map((w) => `0x${w.toString(16).padStart(8, '0')}`);

describe('philox4x32-10', () => {
  it('matches the Random123 known-answer vectors', () => {
    const out = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, out);
    expect(hex(out)).toEqual(['0x6627e8d5', '0xe169c58d', '0xbc57ac4c', '0x9b00dbd8']);
    philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
    expect(hex(out)).toEqual(['0x408f276d', '0x41c83b0e', '0xa20bc7c6', '0x6d5451fd']);
    philox4x32(0xa4093822, 0x299f31d0, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, out);
    expect(hex(out)).toEqual(['0xd16cfe09', '0x94fdcceb', '0x5001e420', '0x24126ea1']);
  });

  it('computes the high word of 32×32-bit products exactly', () => {
    for (const [a, b] of [
      [0xffffffff, 0xffffffff],
      [0xd2511f53, 0x12345678],
      [1, 0xffffffff],
      [0x80000000, 2],
    ] as const) {
      expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
    }
  });
});

describe('keys and samples', () => {
  it('reproduces a stream from its seed, independent of Math.random', () => {
    const original = Math.random;
    const a = sampleNormal(keyFromSeed(7), 100);
    Math.random = () => 0.5;
    try {
      expect(sampleNormal(keyFromSeed(7), 100)).toEqual(a);
    } finally {
      Math.random = original;
    }
    expect(sampleNormal(keyFromSeed(8), 100)).not.toEqual(a);
  });

  it('derives distinct streams by split and fold', () => {
    const root = keyFromSeed(0);
    const [a, b] = splitKey(root, 2);
    const streams = [root, a, b, foldIn(root, 1), foldIn(root, 2), foldIn(root, 'W')].map((k) => randomBits(k!, 4).join());
    expect(new Set(streams).size).toBe(streams.length);
    expect(foldIn(root, 'W')).toEqual(foldIn(root, 'W'));
  });

  it('draws long streams in WebAssembly with the JavaScript generator’s words, bit for bit (also across the 2³² counter carry and past a chunk)', () => {
    const js = (k: { k0: number; k1: number }, blocks: number, offset: number): Uint32Array => {
      const out = new Uint32Array(4 * blocks);
      for (let b = 0; b < blocks; b++) {
        const counter = b + offset;
        philox4x32(k.k0, k.k1, counter >>> 0, Math.floor(counter / 2 ** 32) >>> 0, 0, 0, out, 4 * b);
      }
      return out;
    };
    for (const [seed, blocks, offset] of [
      [1, 70_000, 0],
      [2, 5, 2 ** 32 - 2],
      [3, 3, 2 ** 40 + 7],
      [0xffffffff, 17, 123],
    ] as const) {
      const key = foldIn(keyFromSeed(seed), 'wasm');
      const out = new Uint32Array(4 * blocks);
      expect(philoxBlocksWasm(key.k0, key.k1, offset, blocks, out), 'WebAssembly runs here').toBe(true);
      expect(out).toEqual(js(key, blocks, offset));
      expect(randomBits(key, 4 * blocks - 1, offset)).toEqual(js(key, blocks, offset).subarray(0, 4 * blocks - 1));
    }
  });

  it('reads any stream position directly (counter-based)', () => {
    const key = keyFromSeed(3);
    const all = randomBits(key, 40);
    expect(randomBits(key, 20, 5)).toEqual(all.subarray(20, 40));
  });

  it('gives standard normals with the right moments and tails', () => {
    const n = 200_000;
    const z = sampleNormal(keyFromSeed(11), n);
    let mean = 0;
    let second = 0;
    let fourth = 0;
    let beyond2 = 0;
    for (const v of z) {
      mean += v;
      second += v * v;
      fourth += v ** 4;
      if (Math.abs(v) > 2) beyond2++;
    }
    mean /= n;
    second /= n;
    fourth /= n;
    // standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032, kurtosis √(96/n) ≈ 0.022
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(second - 1)).toBeLessThan(0.015);
    expect(Math.abs(fourth - 3)).toBeLessThan(0.1);
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.003);
  });

  it('gives uniforms in [low, high) with the right mean', () => {
    const u = sampleUniform(keyFromSeed(5), 50_000, -1, 3);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...u)).toBeLessThan(3);
    const mean = u.reduce((s, v) => s + v, 0) / u.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.03);
  });

  it('permutes', () => {
    const p = samplePermutation(keyFromSeed(1), 50);
    expect([...p].sort((x, y) => x - y)).toEqual([...Array(50).keys()]);
    expect([...p]).not.toEqual([...Array(50).keys()]);
  });

  it('rejects bad seeds with a clear message', () => {
    expect(() => keyFromSeed(-1)).toThrow(/non-negative integer/);
    expect(() => keyFromSeed(1.5)).toThrow(/got 1.5/);
  });
});

describe('random tensors', () => {
  it('equal the host stream and do not leak', async () => {
    await startEngine({ backend: 'cpu' });
    const key = keyFromSeed(42);
    const before = tf.memory().numTensors;
    const z = randomNormal(key, [3, 5], 1, 2);
    expect(z.shape).toEqual([3, 5]);
    expect(Array.from(await z.data())).toEqual(Array.from(Float32Array.from(sampleNormal(key, 15, 1, 2))));
    const u = randomUniform(key, [4], 0, 1);
    expect(Array.from(await u.data())).toEqual(Array.from(Float32Array.from(sampleUniform(key, 4))));
    tf.dispose([z, u]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => randomNormal(key, [2, -1])).toThrow(/non-negative integers/);
  });
});
