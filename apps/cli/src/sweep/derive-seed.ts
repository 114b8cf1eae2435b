import { sha256Hex } from './canonical-json.js';

/**
 * A run's seed derived from the sweep's root seed and a tag (the replicate, or the run's
 * configuration and replicate): the first 48 bits of SHA-256("derand-sweep-seed/1", root, tag).
 * 48 bits keep the seed an exact integer in JSON and within `--seed`'s range, and a hash (not
 * root + i) keeps the seeds of two sweeps with nearby root seeds apart.
 *
 * @param root - the sweep's root seed (`--seed`, a non-negative integer).
 * @param tag - what the seed is for, e.g. `replicate:0`.
 * @example deriveSeed(0, 'replicate:0'); // the same integer on every machine
 */
export function deriveSeed(root: number, tag: string): number {
  return Number.parseInt(sha256Hex(`derand-sweep-seed/1\u0000${root}\u0000${tag}`).slice(0, 12), 16);
}
