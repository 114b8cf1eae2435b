import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { applyTextMutations, fuzzSettings, fuzzTally, referenceJsonParse, TEXT_MUTATION_KINDS, type TextMutation } from '@derand/core/testing';
import { isDerandError } from '@derand/registry';
import { parseDataset } from './parse-dataset.js';

/*
 * Differential fuzzing of the JL data readers (CSV/TSV/text, .npy, JSON): small synthetic
 * matrices written in each format are mutated, and each mutant is read by the reader and by a
 * reference reader written here from the format's definition. A valid mutant gives the same
 * matrix (NaN and ±Infinity cells included: validation, not the reader, refuses them); an invalid
 * one an error naming the file, every line or row it blames being one the reference finds bad.
 */

type Reading = { readonly ok: true; readonly rows: number; readonly cols: number; readonly values: readonly number[]; readonly lines?: readonly number[] } | { readonly ok: false; readonly bad: ReadonlySet<string> };
const refused = (...at: (string | number)[]): Reading => ({ ok: false, bad: new Set(at.map(String)) });

// ---- CSV: one point per line; `#` comments; a header only when the first line is names only ----

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const SPECIAL: Record<string, number> = { nan: NaN, '+nan': NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity, '-inf': -Infinity, '-infinity': -Infinity };
const cellValue = (cell: string): number | undefined => (NUMERIC.test(cell) ? Number(cell) : SPECIAL[cell.toLowerCase()]);

function referenceCsv(text: string, delimiter?: string): Reading {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let split: ((line: string) => string[]) | undefined = delimiter === undefined ? undefined : (l) => l.split(delimiter).map((c) => c.trim());
  let width = -1;
  let first = true;
  const values: number[] = [];
  const at: number[] = [];
  const bad = new Set<string>();
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (split === undefined) {
      const found = [',', ';', '\t'].find((d) => line.includes(d));
      split = found === undefined ? (l) => l.split(/\s+/) : (l) => l.split(found).map((c) => c.trim());
    }
    const cells = split(line);
    if (first) {
      first = false;
      if (cells.every((c) => cellValue(c) === undefined)) continue;
      const start = cells[0] === '0' ? 0 : cells[0] === '1' ? 1 : -1;
      if (cells.length >= 3 && start >= 0 && cells.every((c, i) => c === String(start + i))) return refused(k + 1);
    }
    if (width < 0) width = cells.length;
    const numbers = cells.map(cellValue);
    if (cells.length !== width || numbers.some((v) => v === undefined)) {
      bad.add(String(k + 1));
      continue;
    }
    values.push(...(numbers as number[]));
    at.push(k + 1);
  }
  return bad.size > 0 ? { ok: false, bad } : { ok: true, rows: at.length, cols: Math.max(0, width), values, lines: at };
}

// ---- JSON: an array of rows, or {"data": rows}; every entry a number ----

function referenceJson(text: string): Reading {
  // bytes are decoded as UTF-8, which drops one byte-order mark; the JSON text may start with one more (RFC 8259 §8.1)
  const parsed = referenceJsonParse(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) return refused(parsed.line);
  const doc = parsed.value;
  const rows = Array.isArray(doc) ? doc : typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['data'] : undefined;
  if (!Array.isArray(rows)) return refused();
  const width = Array.isArray(rows[0]) ? rows[0].length : 0;
  const bad = new Set<string>();
  const values: number[] = [];
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== width || row.some((v) => typeof v !== 'number')) bad.add(`row ${i}`);
    else values.push(...(row as number[]));
  });
  return bad.size > 0 ? { ok: false, bad } : { ok: true, rows: rows.length, cols: width, values };
}

// ---- .npy: magic, version x.0, a Python dict literal header, C-order float data ----

/** The header dictionary of a .npy file, parsed as the Python literal it is. */
function pythonDict(header: string): Map<string, unknown> | undefined {
  let at = 0;
  const space = (): void => {
    while (at < header.length && ' \t\n'.includes(header[at]!)) at++;
  };
  const string = (): string | undefined => {
    const quote = header[at];
    if (quote !== "'" && quote !== '"') return undefined;
    const end = header.indexOf(quote, at + 1);
    if (end < 0) return undefined;
    const value = header.slice(at + 1, end);
    at = end + 1;
    return value.includes('\\') ? undefined : value;
  };
  const value = (): unknown => {
    space();
    if (header.startsWith('True', at)) return (at += 4, true);
    if (header.startsWith('False', at)) return (at += 5, false);
    if (header[at] === '(') {
      at++;
      const items: number[] = [];
      for (;;) {
        space();
        if (header[at] === ')') return (at++, items.length === 1 && header.slice(0, at - 1).trimEnd().endsWith(',') ? items : items.length === 1 ? undefined : items);
        const digits = /^\d+/.exec(header.slice(at))?.[0];
        if (digits === undefined) return undefined;
        items.push(Number(digits));
        at += digits.length;
        space();
        if (header[at] === ',') at++;
        else if (header[at] !== ')') return undefined;
      }
    }
    return string();
  };
  space();
  if (header[at++] !== '{') return undefined;
  const out = new Map<string, unknown>();
  for (;;) {
    space();
    if (header[at] === '}') break;
    const key = string();
    space();
    if (key === undefined || header[at++] !== ':') return undefined;
    const v = value();
    if (v === undefined) return undefined;
    out.set(key, v);
    space();
    if (header[at] === ',') at++;
    else if (header[at] !== '}') return undefined;
  }
  at++;
  return /^[ \t\n]*$/.test(header.slice(at)) ? out : undefined;
}

function referenceNpy(bytes: Uint8Array): Reading {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) return refused();
  const [major, minor] = [bytes[6]!, bytes[7]!];
  if (major < 1 || major > 3 || minor !== 0) return refused();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major > 1 && bytes.length < 12) return refused();
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + length;
  if (start > bytes.length) return refused();
  const dict = pythonDict(new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(major === 1 ? 10 : 12, start)));
  const descr = dict?.get('descr');
  const shape = dict?.get('shape');
  const layouts: Record<string, [number, boolean]> = { '<f4': [4, true], '>f4': [4, false], '<f8': [8, true], '>f8': [8, false] };
  if (dict === undefined || dict.size !== 3 || typeof descr !== 'string' || !(descr in layouts) || dict.get('fortran_order') !== false || !Array.isArray(shape) || shape.length !== 2) return refused();
  const [size, little] = layouts[descr]!;
  const [rows, cols] = shape as [number, number];
  if (bytes.length - start !== rows * cols * size) return refused();
  const values = Array.from({ length: rows * cols }, (_, i) => (size === 4 ? view.getFloat32(start + 4 * i, little) : view.getFloat64(start + 8 * i, little)));
  return { ok: true, rows, cols, values };
}

// ---- writers for the seeds ----

function npyBytes(rows: number, cols: number, values: readonly number[], dtype: string, major: number): Uint8Array {
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const prefix = major === 1 ? 10 : 12;
  const padded = `${dict}${' '.repeat((64 - ((prefix + dict.length + 1) % 64)) % 64)}\n`;
  const header = new TextEncoder().encode(padded);
  const size = dtype.endsWith('4') ? 4 : 8;
  const little = dtype.startsWith('<');
  const out = new Uint8Array(prefix + header.length + values.length * size);
  const view = new DataView(out.buffer);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(header, prefix);
  values.forEach((v, i) => (size === 4 ? view.setFloat32(prefix + header.length + 4 * i, v, little) : view.setFloat64(prefix + header.length + 8 * i, v, little)));
  return out;
}

/** Byte mutations of a .npy file: cut short, a byte changed, the header's entries or lengths rewritten, bytes added. */
const NPY_MUTATIONS = ['truncate', 'flip', 'descr', 'fortran', 'shape', 'version', 'header-length', 'append', 'header-garbage'] as const;
function mutateNpy(bytes: Uint8Array, kind: (typeof NPY_MUTATIONS)[number], a: number, b: number): Uint8Array {
  const text = new TextDecoder('latin1').decode(bytes);
  const headerEnd = text.indexOf('\n') + 1;
  const rewrite = (from: RegExp, to: string): Uint8Array => {
    if (bytes.length < 12 || headerEnd === 0) return bytes;
    const header = text.slice(0, headerEnd).replace(from, to);
    const out = new Uint8Array([...Array.from(header, (c) => c.charCodeAt(0)), ...bytes.subarray(headerEnd)]);
    if (bytes[6] === 1) new DataView(out.buffer).setUint16(8, header.length - 10, true);
    else new DataView(out.buffer).setUint32(8, header.length - 12, true);
    return out;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.abs(b) % list.length]!;
  switch (kind) {
    case 'truncate':
      return bytes.subarray(0, a % (bytes.length + 1));
    case 'flip': {
      const out = Uint8Array.from(bytes);
      out[a % out.length] = Math.abs(b) % 256;
      return out;
    }
    case 'descr':
      return rewrite(/'descr': '[^']*'/, `'descr': '${pick(['<f4', '>f8', '<i8', '|u1', '<f2', 'f8', '<c8', '=f8'])}'`);
    case 'fortran':
      return rewrite(/'fortran_order': False/, pick(["'fortran_order': True", "'fortran_order': 0", "'fortran_orderx': False"]));
    case 'shape':
      return rewrite(/'shape': \([^)]*\)/, `'shape': ${pick(['(2,)', '(3, 2, 1)', '()', '(2, -1)', '(2, 3,,)', '(1e3, 2)', '(2 3)', '(0, 3)'])}`);
    case 'version': {
      const out = Uint8Array.from(bytes);
      out[6 + (b & 1)] = pick([0, 1, 2, 3, 4]);
      return out;
    }
    case 'header-length': {
      if (bytes.length < 10) return bytes;
      const out = Uint8Array.from(bytes);
      const view = new DataView(out.buffer);
      view.setUint16(8, Math.max(0, view.getUint16(8, true) + ((b % 9) - 4) * 8), true);
      return out;
    }
    case 'append':
      return new Uint8Array([...bytes, ...Array.from({ length: 1 + (a % 8) }, (_, i) => (b + i) & 255)]);
    case 'header-garbage':
      return rewrite(/\}/, pick(["}, 'extra': 1}", '} x', "'a': 1}", '}}', ', }']));
  }
}

const cell = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => Math.fround(x)), fc.constantFrom(0.5, -2.25, 1e-3, 3e5));
const matrix = fc.integer({ min: 1, max: 5 }).chain((cols) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 6 }));
const textMutation: fc.Arbitrary<TextMutation> = fc.record({ kind: fc.constantFrom(...TEXT_MUTATION_KINDS), a: fc.nat(), b: fc.integer() });

const tally = fuzzTally();
afterAll(() => {
  const report = tally.report();
  if (report !== '') console.log(report);
});

function read(bytes: Uint8Array, name: string): Reading & { message?: string } {
  try {
    const m = parseDataset(bytes, name);
    return { ok: true, rows: m.rows, cols: m.cols, values: Array.from(m.values), ...(m.lines === undefined ? {} : { lines: Array.from(m.lines) }) };
  } catch (error) {
    expect(isDerandError(error), String(error)).toBe(true);
    const message = (error as Error).message;
    const escaped = name.replace(/[.]/g, '\\.');
    const cited = [...message.matchAll(new RegExp(`\\n  - ${escaped}(?::(\\d+)| (row \\d+))`, 'g'))].map((m) => m[1] ?? m[2]!);
    return { ok: false, bad: new Set(cited), message };
  }
}

function agree(label: string, reference: Reading, actual: Reading & { message?: string }, name: string, shown: string): void {
  const counts = tally.of(label);
  counts.mutants += 1;
  const context = `${label} ${name}:\n--- mutant ---\n${shown.slice(0, 400)}\n--- reader said ---\n${actual.message ?? JSON.stringify(actual)}\n--- reference ---\n${JSON.stringify(reference.ok ? reference : [...reference.bad])}`;
  expect(actual.ok, context).toBe(reference.ok);
  if (reference.ok && actual.ok) {
    counts.valid += 1;
    expect([actual.rows, actual.cols], context).toEqual([reference.rows, reference.cols]);
    expect(actual.values.every((v, i) => Object.is(v, reference.values[i])) && actual.values.length === reference.values.length, context).toBe(true);
    if (reference.lines !== undefined) expect(actual.lines, context).toEqual(reference.lines);
  } else if (!reference.ok && !actual.ok) {
    counts.refused += 1;
    expect(actual.message, context).toContain(name);
    for (const place of actual.bad) expect(reference.bad.has(place), `${context}\nblames ${place}`).toBe(true);
    if (reference.bad.size > 0) expect(actual.bad.size, `${context}\nnames no line`).toBeGreaterThan(0);
  }
}

describe('JL data readers against reference readers (differential fuzzing)', () => {
  const timeout = 120_000 * Number(process.env['DERAND_FUZZ_SCALE'] ?? '1');
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

  it('CSV, TSV and whitespace text: mutants read as the reference reads them', () => {
    fc.assert(
      fc.property(matrix, fc.nat(7), fc.array(textMutation, { minLength: 1, maxLength: 3 }), (rows, style, mutations) => {
        const styles = [[',', 'x.csv', ''], [',', 'x.csv', 'a,b,c,d,e\n'], ['\t', 'x.tsv', ''], [' ', 'x.txt', '# points\n'], [';', 'x.csv', ''], ['  ', 'x.txt', ''], ['\t', 'x.tsv', 'h1\th2\n'], [', ', 'x.csv', '']] as const;
        const [sep, name, header] = styles[style]!;
        const text = applyTextMutations(`${header}${rows.map((r) => r.join(sep)).join('\n')}\n`, mutations);
        agree('csv', referenceCsv(text, name.endsWith('.tsv') ? '\t' : undefined), read(encode(text), name), name, text);
      }),
      fuzzSettings(600),
    );
  }, timeout);

  it('JSON: mutants read as the reference reads them', () => {
    fc.assert(
      fc.property(matrix, fc.boolean(), fc.array(textMutation, { minLength: 1, maxLength: 3 }), (rows, wrapped, mutations) => {
        const body = `[\n${rows.map((r) => `  [${r.join(', ')}]`).join(',\n')}\n]`;
        const text = applyTextMutations(wrapped ? `{"data": ${body}}\n` : `${body}\n`, mutations);
        agree('json', referenceJson(text), read(encode(text), 'x.json'), 'x.json', text);
      }),
      fuzzSettings(600),
    );
  }, timeout);

  it('.npy: byte mutants read as the reference reads them', () => {
    fc.assert(
      fc.property(
        matrix,
        fc.constantFrom('<f4', '>f4', '<f8', '>f8'),
        fc.constantFrom(1, 2, 3),
        fc.array(fc.record({ kind: fc.constantFrom(...NPY_MUTATIONS), a: fc.nat(), b: fc.integer() }), { minLength: 1, maxLength: 2 }),
        (rows, dtype, major, mutations) => {
          let bytes = npyBytes(rows.length, rows[0]!.length, rows.flat(), dtype, major);
          for (const m of mutations) bytes = mutateNpy(bytes, m.kind, m.a, m.b);
          agree('npy', referenceNpy(bytes), read(bytes, 'x.npy'), 'x.npy', new TextDecoder('latin1').decode(bytes.subarray(0, 140)));
        },
      ),
      fuzzSettings(600),
    );
  }, timeout);
});
