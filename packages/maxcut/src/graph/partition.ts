import { InputError, type InputIssue } from '@derand/registry';
import type { Sides } from '../cut/cut-value.js';

/**
 * The partition file format (as Gset certificate cuts): one line of n comma-separated ±1
 * values, the side of vertex 1 … n.
 *
 * @example formatPartition(Int8Array.from([1, -1])); // '1,-1\n'
 */
export function formatPartition(sides: Sides): string {
  return `${Array.from(sides).join(',')}\n`;
}

/**
 * Reads a partition: n values separated by commas or whitespace, either all ±1 or all 0/1
 * (0 → −1).
 *
 * @param text - file contents
 * @param n - expected number of vertices
 * @param name - file name for errors
 * @throws InputError when the count differs from n or a value is not a side
 */
export function parsePartition(text: string, n: number, name: string): Sides {
  const tokens = text.split(/[\s,;]+/).filter((t) => t !== '');
  const issues: InputIssue[] = [];
  if (tokens.length !== n) issues.push({ where: name, message: `expected ${n} sides (one per vertex), found ${tokens.length}` });
  const zeroOne = tokens.every((t) => t === '0' || t === '1');
  const sides = new Int8Array(tokens.length);
  tokens.forEach((t, i) => {
    if (zeroOne) sides[i] = t === '1' ? 1 : -1;
    else if (t === '1' || t === '+1') sides[i] = 1;
    else if (t === '-1') sides[i] = -1;
    else if (issues.length < 20) issues.push({ where: `${name}: value ${i + 1}`, message: 'a side must be -1 or 1 (or all values 0/1)', value: t });
  });
  if (issues.length > 0) throw new InputError('PARTITION_PARSE', `Cannot read ${name} as a partition:`, issues);
  return sides;
}

/**
 * Sides from the set S of vertices on the +1 side (the others are −1).
 *
 * @param n - number of vertices
 * @param members - vertices in S
 * @param base - index base of `members` (default 1)
 */
export function sidesFromSet(n: number, members: readonly number[], base = 1): Sides {
  const sides = new Int8Array(n).fill(-1);
  for (const v of members) {
    const i = v - base;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new InputError('PARTITION_PARSE', 'Invalid vertex set:', [{ where: 'members', message: `vertex must be an integer in ${base}…${n - 1 + base}`, value: v }]);
    }
    sides[i] = 1;
  }
  return sides;
}
