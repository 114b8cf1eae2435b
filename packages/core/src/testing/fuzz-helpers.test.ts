import { describe, expect, it } from 'vitest';
import { referenceJsonParse } from './reference-json.js';
import { applyTextMutation, applyTextMutations } from './text-mutations.js';

describe('text mutations', () => {
  const text = '3 2\n1 2 1\n2 3 -1\n';

  it('act on lines, columns, indices and numbers as named', () => {
    expect(applyTextMutation(text, { kind: 'truncate-lines', a: 2, b: 0 })).toBe('3 2\n1 2 1\n');
    expect(applyTextMutation(text, { kind: 'header-count', a: 0, b: 0 })).toBe('3 3\n1 2 1\n2 3 -1\n');
    expect(applyTextMutation(text, { kind: 'delete-line', a: 1, b: 0 })).toBe('3 2\n2 3 -1\n');
    expect(applyTextMutation(text, { kind: 'duplicate-line', a: 2, b: 0 })).toBe('3 2\n1 2 1\n2 3 -1\n2 3 -1\n');
    expect(applyTextMutation(text, { kind: 'swap-columns', a: 1, b: 1 })).toBe('3 2\n2 1 1\n2 3 -1\n');
    expect(applyTextMutation(text, { kind: 'shift-indices', a: 0, b: 0 })).toBe('3 2\n0 1 1\n1 2 -1\n');
    expect(applyTextMutation(text, { kind: 'replace-number', a: 1, b: 2 << 5 })).toBe('3 2\n1 2 -inf\n2 3 -1\n');
    expect(applyTextMutations(text, [{ kind: 'crlf', a: 0, b: 0 }, { kind: 'byte-order-mark', a: 0, b: 0 }])).toBe('\uFEFF3 2\r\n1 2 1\r\n2 3 -1\r\n');
    expect(applyTextMutation(text, { kind: 'trailing-comment', a: 0, b: 1 })).toBe(`${text}% trailing comment\n`);
    expect(applyTextMutation(text, { kind: 'garbage', a: 0, b: 0 })).toBe(`\u0000${text}`);
  });
});

describe('referenceJsonParse', () => {
  it('agrees with JSON.parse on valid texts', () => {
    for (const json of ['{"a": [1, -2.5e3, true, null], "b": {"c": "\\u00e9\\n"}}', '[]', ' 0 ', '"x"']) {
      expect(referenceJsonParse(json)).toEqual({ ok: true, value: JSON.parse(json) });
    }
  });

  it('names the line where a text stops being JSON, and the last visible line of one cut short', () => {
    expect(referenceJsonParse('{\n"a": 1,\n"b": [1, 2,]\n}')).toMatchObject({ ok: false, line: 3 });
    expect(referenceJsonParse('[01]')).toMatchObject({ ok: false, offset: 2 });
    expect(referenceJsonParse('{\n"a": [1,\n\n\n')).toMatchObject({ ok: false, line: 2 });
    expect(referenceJsonParse('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});
