import { InputError, type InputIssue } from '@derand/registry';
import type { DataMatrix } from './matrix.js';
import { parseNpyHeader, type NpyHeaderValue } from './npy-header.js';

/** Element types this package reads and writes in `.npy` files. */
export type NpyDtype = 'float32' | 'float64';

/** A parsed `.npy` array: its shape, element type and values (float64 copies). */
export interface NpyArray {
  readonly shape: readonly number[];
  readonly dtype: NpyDtype;
  readonly values: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
const DESCRS: Readonly<Record<string, { dtype: NpyDtype; little: boolean }>> = {
  '<f4': { dtype: 'float32', little: true },
  '>f4': { dtype: 'float32', little: false },
  '<f8': { dtype: 'float64', little: true },
  '>f8': { dtype: 'float64', little: false },
};

/**
 * Parses a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0): the magic string, the
 * header dictionary `{'descr', 'fortran_order', 'shape'}` (parsed as the literal it is, see
 * `parseNpyHeader`) and the raw data. Reads float32 and float64 in either byte order, C order:
 * the element type and order come from the header only. All header problems (dtype, Fortran
 * order, missing or unknown keys) are collected and reported together, each with the fix.
 *
 * @param bytes - the whole file.
 * @param source - file name used in messages.
 * @throws InputError `BAD_NPY` naming the file, the offending header value and the fix.
 * @example const { shape, values } = parseNpy(readFileSync('X.npy'), 'X.npy');
 * @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
export function parseNpy(bytes: Uint8Array, source: string): NpyArray {
  const fail = (issues: InputIssue[]): never => {
    throw new InputError('BAD_NPY', `Cannot read ${source} as a .npy array:`, issues, 'Write it with numpy: np.save(path, np.ascontiguousarray(X, dtype=np.float32)).');
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail([{ where: source, message: 'does not start with the .npy magic string \\x93NUMPY' }]);
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3 || minor !== 0) fail([{ where: `${source} header`, message: `has unsupported format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)` }]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail([{ where: `${source} header`, message: `ends after ${bytes.length} bytes, before the header length (truncated file)` }]);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) fail([{ where: `${source} header`, message: `claims ${headerLength} header bytes but the file has ${bytes.length} bytes in all (truncated file)` }]);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataStart));

  const parsed = parseNpyHeader(header);
  if (!parsed.ok) {
    fail([{ where: `${source} header`, message: `is not the dictionary literal a .npy header is: ${parsed.reason} at character ${parsed.at + 1} (a damaged file?)`, value: header.trim() }]);
  }
  const entries = (parsed as { entries: ReadonlyMap<string, NpyHeaderValue> }).entries;
  const issues: InputIssue[] = [];
  for (const key of entries.keys()) {
    if (!['descr', 'fortran_order', 'shape'].includes(key)) issues.push({ where: `${source} header`, message: `has the entry '${key}', which is not one of descr, fortran_order, shape`, value: header.trim() });
  }
  const descr = entries.get('descr');
  const fortran = entries.get('fortran_order');
  const shapeValue = entries.get('shape');
  const layout = typeof descr === 'string' ? DESCRS[descr] : undefined;
  if (descr === undefined) issues.push({ where: `${source} header`, message: "has no 'descr' entry", value: header.trim() });
  else if (layout === undefined) {
    issues.push({ where: `${source} header 'descr'`, message: 'is not float32 or float64 (<f4, <f8, >f4, >f8); convert with X.astype(np.float32)', value: descr });
  }
  if (fortran === undefined) issues.push({ where: `${source} header`, message: "has no 'fortran_order' entry", value: header.trim() });
  else if (fortran === true) issues.push({ where: `${source} header 'fortran_order'`, message: 'is True; only C order is read: save np.ascontiguousarray(X)', value: true });
  else if (fortran !== false) issues.push({ where: `${source} header 'fortran_order'`, message: 'is not True or False', value: fortran });
  let shape: number[] = [];
  if (shapeValue === undefined) issues.push({ where: `${source} header`, message: "has no 'shape' entry", value: header.trim() });
  else if (!Array.isArray(shapeValue) || shapeValue.some((n) => !Number.isSafeInteger(n))) issues.push({ where: `${source} header 'shape'`, message: 'is not a tuple of non-negative integers', value: shapeValue });
  else shape = [...(shapeValue as readonly number[])];
  if (issues.length > 0) fail(issues);
  const { dtype, little } = layout!;
  const itemSize = dtype === 'float32' ? 4 : 8;
  const count = shape.reduce((a, b) => a * b, 1);
  const available = bytes.length - dataStart;
  if (available !== count * itemSize) {
    fail([{ where: `${source} data`, message: `holds ${available} bytes, but shape (${shape.join(', ')}) of ${String(descr)} needs ${count * itemSize} (truncated or corrupt file)` }]);
  }
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = dataStart + i * itemSize;
    values[i] = dtype === 'float32' ? view.getFloat32(at, little) : view.getFloat64(at, little);
  }
  return { shape, dtype, values };
}

/**
 * A `.npy` file holding a 2-D array as a {@link DataMatrix}; a 1-D array is refused with the
 * reshape that fixes it.
 *
 * @throws InputError `BAD_NPY` for a shape that is not 2-D (and every error of {@link parseNpy}).
 * @example const X = parseNpyMatrix(readFileSync('X.npy'), 'X.npy');
 */
export function parseNpyMatrix(bytes: Uint8Array, source: string): DataMatrix {
  const array = parseNpy(bytes, source);
  if (array.shape.length !== 2) {
    throw new InputError('BAD_NPY', `Cannot read ${source} as a data matrix:`, [
      {
        where: `${source} header 'shape'`,
        message: `is ${array.shape.length}-D (${array.shape.join(', ')}); a data matrix is 2-D (n points × d dimensions): save X.reshape(1, -1) for one point or X.reshape(-1, d)`,
      },
    ]);
  }
  return { rows: array.shape[0]!, cols: array.shape[1]!, values: array.values, source };
}

/**
 * Encodes an array as a version 1.0 `.npy` file in C order, little-endian, with the header
 * padded with spaces so that the data starts on a 64-byte boundary (what `np.save` writes).
 *
 * @param values - the elements in C (row-major) order.
 * @param shape - the array shape; its product must equal `values.length`.
 * @param dtype - `'float32'` (default) or `'float64'`.
 * @example writeFileAtomic('A.npy', encodeNpy(matrix, [k, d]));
 */
export function encodeNpy(values: ArrayLike<number>, shape: readonly number[], dtype: NpyDtype = 'float32'): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new RangeError(`encodeNpy: shape (${shape.join(', ')}) holds ${count} elements but ${values.length} values were given.`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${dtype === 'float32' ? '<f4' : '<f8'}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dict.length + 1;
  const padding = (ALIGN - (unpadded % ALIGN)) % ALIGN;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const itemSize = dtype === 'float32' ? 4 : 8;
  const out = new Uint8Array(10 + header.length + count * itemSize);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const start = 10 + header.length;
  for (let i = 0; i < count; i++) {
    if (dtype === 'float32') view.setFloat32(start + 4 * i, values[i]!, true);
    else view.setFloat64(start + 8 * i, values[i]!, true);
  }
  return out;
}
