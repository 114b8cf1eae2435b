import { describe, expect, it } from 'vitest';
import { jsonErrorLine } from './json-error-line.js';

const lineOf = (text: string): number => {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonErrorLine(text, error);
  }
  throw new Error('expected a syntax error');
};

describe('jsonErrorLine', () => {
  it('names the line where the text stops being JSON', () => {
    expect(lineOf('{\n"a": 1,\n"b": [1, 2,]\n}')).toBe(3);
    expect(lineOf('{\n"a": 1\n"b": 2\n}')).toBe(3);
    expect(lineOf('[\n1,\n2,\nx\n]')).toBe(4);
    expect(lineOf('{\r\n"a": tru\r\n}')).toBe(2);
  });

  it('names the last visible line of a text cut short', () => {
    expect(lineOf('{\n"a": [1,\n2,\n\n\n')).toBe(3);
    expect(lineOf('{\n"a": "unterminated\n')).toBe(2);
    expect(lineOf('')).toBe(1);
  });
});
