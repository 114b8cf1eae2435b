import { foldIn, keyFromSeed } from '@derand/core';
import { InputError } from '@derand/registry';
import type { DataMatrix } from '../data/matrix.js';
import { loadMnist } from '../data/mnist.js';
import { readDataset } from '../data/read-dataset.js';
import { uniformUnitRows } from '../data/uniform-rows.js';

/** What a data argument may name, for help texts. */
export const DATA_SOURCE_HELP =
  "a .csv/.tsv/.txt/.json/.npy file; 'mnist' (100 digits of each class, d = 784) or 'mnist:<per class>'; 'uniform' (the paper's 100 unit rows of R^500) or 'uniform:<n>x<d>'";

/**
 * Loads the data a JL run is given by name: a file (by extension), MNIST by index, or the
 * paper's uniform unit rows drawn from the run's seed (stream `data`).
 *
 * @param spec - `path`, `mnist`, `mnist:<perClass>`, `uniform` or `uniform:<n>x<d>`.
 * @param seed - the run's root seed (for `uniform`).
 * @throws InputError `BAD_DATA_SOURCE` for a malformed `mnist:`/`uniform:` spec; the readers' errors for files.
 * @example const X = loadDataSource('uniform:100x500', 0);
 */
export function loadDataSource(spec: string, seed: number): DataMatrix {
  const mnist = /^mnist(?::(\d+))?$/.exec(spec);
  if (mnist !== null) return loadMnist({ perClass: mnist[1] === undefined ? 100 : Number(mnist[1]) }).matrix;
  const uniform = /^uniform(?::(\d+)x(\d+))?$/.exec(spec);
  if (uniform !== null) {
    const n = uniform[1] === undefined ? 100 : Number(uniform[1]);
    const d = uniform[2] === undefined ? 500 : Number(uniform[2]);
    if (n < 1 || d < 1) throw new InputError('BAD_DATA_SOURCE', `Cannot make ${spec}:`, [{ where: spec, message: 'n and d must be positive' }]);
    return uniformUnitRows(n, d, foldIn(keyFromSeed(seed), 'data'), `uniform(n=${n}, d=${d}, seed=${seed})`);
  }
  if (/^(mnist|uniform):/.test(spec)) {
    throw new InputError('BAD_DATA_SOURCE', `Cannot read the data source ${spec}:`, [{ where: spec, message: "write 'mnist:<per class>' (e.g. mnist:100) or 'uniform:<n>x<d>' (e.g. uniform:100x500)" }]);
  }
  return readDataset(spec);
}
