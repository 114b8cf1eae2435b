import { describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy, parseNpyMatrix } from './npy.js';

/** Files written by numpy 2.4.6 (`np.save`; the v2 file by `np.lib.format.write_array(..., version=(2, 0))`). */
const NUMPY = {
  f8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAADAAAAAAAAACkAAAAAAAAAAAPyp8dJNYlA/AAAAAAAAHMA=',
  f4: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAUEAAAAAAbxKDOgAA4MA=',
  bigF8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/+AAAAAAAAMAAAAAAAAAAQAoAAAAAAAAAAAAAAAAAAD9QYk3S8an8wBwAAAAAAAA=',
  fortran: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAAAAAAAAAAAAAMD8qfHSTWJQPwAAAAAAAApAAAAAAAAAHMA=',
  int: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAAIAAAAAAAAAAwAAAAAAAAAEAAAAAAAAAA==',
  vec: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIA/AAAAQA==',
  v2: 'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAUEAAAAAAbxKDOgAA4MA=',
  /** np.array([[0.5, -1.25, 3.0], [2.0, 0.0, -0.0]], dtype='<f4') */
  encodeF4: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AACgvwAAQEAAAABAAAAAAAAAAIA=',
  /** np.array([[0.1, 0.2]], dtype='<f8') */
  encodeF8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamZmZmZm5P5qZmZmZmck/',
};
const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));
const X = [1.5, -2.0, 3.25, 0.0, 1e-3, -7.0];

describe('.npy reader', () => {
  it('reads numpy float64, float32 (little- and big-endian) and format 2.0 files', () => {
    const f8 = parseNpyMatrix(bytes(NUMPY.f8), 'X.npy');
    expect([f8.rows, f8.cols]).toEqual([2, 3]);
    expect(Array.from(f8.values)).toEqual(X);
    expect(Array.from(parseNpy(bytes(NUMPY.bigF8), 'big.npy').values)).toEqual(X);
    const f4 = parseNpy(bytes(NUMPY.f4), 'X4.npy');
    expect(f4.dtype).toBe('float32');
    expect(Array.from(f4.values)).toEqual(Array.from(Float32Array.from(X)));
    expect(Array.from(parseNpy(bytes(NUMPY.v2), 'v2.npy').values)).toEqual(Array.from(Float32Array.from(X)));
  });

  it('refuses Fortran order, integer dtypes, 1-D arrays and truncated files with the fix', () => {
    expect(() => parseNpy(bytes(NUMPY.fortran), 'F.npy')).toThrow(/F\.npy header 'fortran_order': is True; only C order is read: save np\.ascontiguousarray\(X\)/);
    expect(() => parseNpy(bytes(NUMPY.int), 'I.npy')).toThrow(/I\.npy header 'descr': is not float32 or float64 .*X\.astype\(np\.float32\) \(got "<i8"\)/);
    expect(() => parseNpyMatrix(bytes(NUMPY.vec), 'v.npy')).toThrow(/is 1-D \(2\); a data matrix is 2-D .*reshape\(1, -1\)/);
    const truncated = bytes(NUMPY.f8).subarray(0, 140);
    expect(() => parseNpy(truncated, 'T.npy')).toThrow(/T\.npy data: holds 12 bytes, but shape \(2, 3\) of <f8 needs 48/);
    expect(() => parseNpy(new TextEncoder().encode('1,2,3\n4,5,6\n'), 'X.csv.npy')).toThrow(/does not start with the \.npy magic string/);
  });

  it('collects several header problems into one error', () => {
    const header = "{'descr': '<i4', 'fortran_order': True, 'shape': (3,), }";
    const padded = header.padEnd(118, ' ') + '\n';
    const file = new Uint8Array(10 + padded.length);
    file.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
    new DataView(file.buffer).setUint16(8, padded.length, true);
    file.set(new TextEncoder().encode(padded), 10);
    try {
      parseNpy(file, 'bad.npy');
      expect.unreachable();
    } catch (error) {
      expect((error as { issues: unknown[] }).issues).toHaveLength(2);
    }
  });
});

describe('.npy writer', () => {
  it('writes the same bytes as numpy', () => {
    expect(Buffer.from(encodeNpy([0.5, -1.25, 3.0, 2.0, 0.0, -0.0], [2, 3])).toString('base64')).toBe(NUMPY.encodeF4);
    expect(Buffer.from(encodeNpy([0.1, 0.2], [1, 2], 'float64')).toString('base64')).toBe(NUMPY.encodeF8);
  });

  it('round-trips through the reader', () => {
    const values = Float64Array.from({ length: 35 }, (_, i) => Math.sin(i) * 1e3);
    const back = parseNpy(encodeNpy(values, [5, 7], 'float64'), 'r.npy');
    expect(back.shape).toEqual([5, 7]);
    expect(Array.from(back.values)).toEqual(Array.from(values));
  });
});
