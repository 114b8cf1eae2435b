import { foldIn, keyFromSeed } from '@derand/core';
import { DerandError, InputError, z, type FileAccess } from '@derand/registry';
import { matrixFromRows, type DataMatrix } from '../data/matrix.js';
import { mnistClasses, mnistDigitsUrl, mnistFromDigitFiles } from '../data/mnist-digits.js';
import { DATA_FORMATS, parseDataset, type ParseDatasetOptions } from '../data/parse-dataset.js';
import { gaussianMixture } from '../data/gaussian-mixture.js';
import { uniformUnitRows } from '../data/uniform-rows.js';

/** What a data argument may name, for help texts. */
export const DATA_SOURCE_HELP =
  "a .csv/.tsv/.txt/.json/.npy file (also .gz), or - for standard input; 'mnist' (100 digits of each class, d = 784) or 'mnist:<per class>'; 'uniform' (the paper's 100 unit rows of R^500) or 'uniform:<n>x<d>'; 'mixture' (500 points of R^64 from 10 Gaussians) or 'mixture:<n>x<d>' or 'mixture:<n>x<d>x<clusters>'; or the rows inline {rows: [[…], …]}";

/** The schema of a data source in options: a name (file, mnist, uniform) or the rows inline. */
export const dataSourceSchema = z.union([
  z.string().min(1),
  z.object({ rows: z.array(z.array(z.number())).min(1), name: z.string().optional() }).strict(),
]);
export type DataSource = z.output<typeof dataSourceSchema>;

/** How data files are read: the reader and the CSV header (the `jl` solver's `--data-format`, `--header`). */
export const dataReadingShape = {
  dataFormat: z.enum(DATA_FORMATS).default('auto').meta({ flag: 'data-format' }).describe('reader of data files and standard input (-): auto (extension, then content), csv, tsv, json or npy'),
  header: z.enum(['auto', 'yes', 'no']).default('auto').meta({ flag: 'header' }).describe('whether a CSV starts with a header line (auto: only a line of names)'),
};

const decoder = new TextDecoder();

function needFiles(files: FileAccess | undefined, what: string): FileAccess {
  if (files === undefined) throw new DerandError('NO_FILE_ACCESS', `${what} needs files, but this host reads none; pass the rows inline ({rows: [[…], …]}).`);
  return files;
}

/**
 * Loads the data a JL run is given: rows inline, a file (by extension, read through `files`),
 * MNIST (the `mnist` package's digit files, read through `files`), or the paper's uniform unit
 * rows or a Gaussian mixture drawn from the run's seed (stream `data`).
 *
 * @param spec - rows, `path`, `mnist`, `mnist:<perClass>`, `uniform`, `uniform:<n>x<d>`, `mixture` or `mixture:<n>x<d>[x<clusters>]`.
 * @param seed - the run's root seed (for `uniform`).
 * @param files - file access of the host (Node: the disk, `-` standard input; a browser: what the page supplies).
 * @param reading - the reader (`format`) and CSV `header` (both `'auto'` by default).
 * @throws InputError `BAD_DATA_SOURCE` for a malformed `mnist:`/`uniform:`/`mixture:` spec; the readers' errors for files.
 * @example const X = await loadDataSource('uniform:100x500', 0);
 */
export async function loadDataSource(spec: DataSource, seed: number, files?: FileAccess, reading: ParseDatasetOptions = {}): Promise<DataMatrix> {
  if (typeof spec !== 'string') return matrixFromRows(spec.rows, spec.name ?? 'inline rows');
  const mnist = /^mnist(?::(\d+))?$/.exec(spec);
  if (mnist !== null) {
    const perClass = mnist[1] === undefined ? 100 : Number(mnist[1]);
    const access = needFiles(files, 'MNIST');
    const texts = await Promise.all(
      mnistClasses().map(async (c) => {
        const url = mnistDigitsUrl(c);
        if (url === undefined) throw new DerandError('MNIST_MISSING', "The 'mnist' package cannot be resolved here; pass the digits inline or install the package.");
        return decoder.decode(await access.read(url));
      }),
    );
    return mnistFromDigitFiles(texts, { perClass }).matrix;
  }
  const uniform = /^uniform(?::(\d+)x(\d+))?$/.exec(spec);
  if (uniform !== null) {
    const n = uniform[1] === undefined ? 100 : Number(uniform[1]);
    const d = uniform[2] === undefined ? 500 : Number(uniform[2]);
    if (n < 1 || d < 1) throw new InputError('BAD_DATA_SOURCE', `Cannot make ${spec}:`, [{ where: spec, message: 'n and d must be positive' }]);
    return uniformUnitRows(n, d, foldIn(keyFromSeed(seed), 'data'), `uniform(n=${n}, d=${d}, seed=${seed})`);
  }
  const mixture = /^mixture(?::(\d+)x(\d+)(?:x(\d+))?)?$/.exec(spec);
  if (mixture !== null) {
    const n = mixture[1] === undefined ? 500 : Number(mixture[1]);
    const d = mixture[2] === undefined ? 64 : Number(mixture[2]);
    const clusters = mixture[3] === undefined ? Math.min(10, n) : Number(mixture[3]);
    if (n < 1 || d < 1 || clusters < 1 || clusters > n) throw new InputError('BAD_DATA_SOURCE', `Cannot make ${spec}:`, [{ where: spec, message: 'n and d must be positive and the clusters between 1 and n' }]);
    return gaussianMixture(n, d, clusters, foldIn(keyFromSeed(seed), 'data'), `mixture(n=${n}, d=${d}, clusters=${clusters}, seed=${seed})`);
  }
  if (/^(mnist|uniform|mixture):/.test(spec)) {
    throw new InputError('BAD_DATA_SOURCE', `Cannot read the data source ${spec}:`, [
      { where: spec, message: "write 'mnist:<per class>' (e.g. mnist:100), 'uniform:<n>x<d>' (e.g. uniform:100x500) or 'mixture:<n>x<d>[x<clusters>]' (e.g. mixture:500x64x10)" },
    ]);
  }
  return parseDataset(await needFiles(files, `The data file ${spec}`).read(spec), spec === '-' ? '<stdin>' : spec, reading);
}
