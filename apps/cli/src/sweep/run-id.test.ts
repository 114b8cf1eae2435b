import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { deriveSeed } from './derive-seed.js';
import { runIdOf, sweepIdOf, type RunIdentity } from './run-id.js';

const identity: RunIdentity = {
  solver: 'maxcut',
  options: { graph: 'G1.txt', rounding: { id: 'derandomized', options: { tau: 0.1 } } },
  seed: 5,
  backend: 'wasm',
  versions: { '@derand/core': '0.1.0', '@tensorflow/tfjs-core': '4.22.0' },
  data: [{ name: 'G1.txt', sha256: 'a'.repeat(64) }],
  plugins: [],
};

describe('run ids and seeds', () => {
  it('canonical JSON does not depend on key order, and SHA-256 matches node:crypto', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson({ a: [2, { c: 4, d: 3 }], b: 1 })).toBe(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }));
    expect(sha256Hex('abc')).toBe(createHash('sha256').update('abc').digest('hex'));
  });

  it('a run id is 16 hex digits, the same for equal identities whatever their key order', () => {
    const id = runIdOf(identity);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const reordered: RunIdentity = { plugins: [], data: identity.data, versions: { '@tensorflow/tfjs-core': '4.22.0', '@derand/core': '0.1.0' }, backend: 'wasm', seed: 5, options: { rounding: { options: { tau: 0.1 }, id: 'derandomized' }, graph: 'G1.txt' }, solver: 'maxcut' };
    expect(runIdOf(reordered)).toBe(id);
  });

  it('every part of the identity changes the run id', () => {
    const id = runIdOf(identity);
    const changed: RunIdentity[] = [
      { ...identity, solver: 'jl' },
      { ...identity, options: { graph: 'G1.txt', rounding: { id: 'derandomized', options: { tau: 0.2 } } } },
      { ...identity, seed: 6 },
      { ...identity, backend: 'cpu' },
      { ...identity, versions: { ...identity.versions, '@derand/core': '0.1.1' } },
      { ...identity, data: [{ name: 'G1.txt', sha256: 'b'.repeat(64) }] },
      { ...identity, plugins: ['c'.repeat(64)] },
    ];
    const ids = changed.map(runIdOf);
    expect(ids.every((other) => other !== id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a sweep id depends on its set of runs, not their order', () => {
    expect(sweepIdOf(['b', 'a'])).toBe(sweepIdOf(['a', 'b']));
    expect(sweepIdOf(['a', 'b'])).toMatch(/^[0-9a-f]{12}$/);
    expect(sweepIdOf(['a', 'b', 'c'])).not.toBe(sweepIdOf(['a', 'b']));
  });

  it('derived seeds are the first 48 bits of SHA-256(tag, root seed, tag): fixed, distinct, exact in JSON', () => {
    const expected = Number.parseInt(createHash('sha256').update('derand-sweep-seed/1\u00000\u0000replicate:0').digest('hex').slice(0, 12), 16);
    expect(deriveSeed(0, 'replicate:0')).toBe(expected);
    const seeds = Array.from({ length: 1000 }, (_, i) => deriveSeed(i % 10, `replicate:${Math.floor(i / 10)}`));
    expect(new Set(seeds).size).toBe(1000);
    expect(seeds.every((s) => Number.isSafeInteger(s) && s >= 0 && s < 2 ** 48)).toBe(true);
  });
});
