/**
 * What {@link referenceJsonParse} returns: the value, or the offset and line of the first
 * character that cannot continue a JSON text (the end of its last visible line when it ends too early).
 */
export type ReferenceJsonResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly offset: number; readonly line: number };

class JsonStop extends Error {
  constructor(readonly offset: number) {
    super(`JSON stops at ${offset}`);
  }
}

/**
 * A small JSON parser written from RFC 8259, for differential tests of readers that use the
 * platform's `JSON.parse`: it reports where a text stops being JSON (offset and 1-based line),
 * which the platform's messages do not always say. A leading byte-order mark is ignored (RFC
 * 8259 §8.1 lets a parser do so); a repeated member name keeps the last value, as ECMAScript does.
 *
 * @param text - the JSON text
 * @example referenceJsonParse('{"a": [1, 2]}'); // { ok: true, value: { a: [1, 2] } }
 * @see https://www.rfc-editor.org/rfc/rfc8259
 */
export function referenceJsonParse(text: string): ReferenceJsonResult {
  let at = text.startsWith('\uFEFF') ? 1 : 0;
  const fail = (): never => {
    throw new JsonStop(at);
  };
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const expect = (word: string): void => {
    for (const c of word) {
      if (text[at] !== c) fail();
      at++;
    }
  };
  const string = (): string => {
    expect('"');
    let out = '';
    for (;;) {
      if (at >= text.length) fail();
      const c = text[at]!;
      if (c === '"') {
        at++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) fail();
      if (c !== '\\') {
        out += c;
        at++;
        continue;
      }
      at++;
      const e = text[at];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        at++;
      } else if (e === 'u') {
        at++;
        for (let k = 0; k < 4; k++) {
          if (!/[0-9a-fA-F]/.test(text[at] ?? '')) fail();
          at++;
        }
        out += String.fromCharCode(parseInt(text.slice(at - 4, at), 16));
      } else fail();
    }
  };
  const number = (): number => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (match === null) fail();
    const token = match![0];
    // a digit right after a leading zero, or a dangling '.'/'e', is where the number stops being JSON
    at += token.length;
    return Number(token);
  };
  const value = (): unknown => {
    space();
    const c = text[at];
    if (c === '{') {
      at++;
      const out: Record<string, unknown> = {};
      space();
      if (text[at] === '}') {
        at++;
        return out;
      }
      for (;;) {
        space();
        const key = string();
        space();
        expect(':');
        out[key] = value();
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        expect('}');
        return out;
      }
    }
    if (c === '[') {
      at++;
      const out: unknown[] = [];
      space();
      if (text[at] === ']') {
        at++;
        return out;
      }
      for (;;) {
        out.push(value());
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        expect(']');
        return out;
      }
    }
    if (c === '"') return string();
    if (c === 't') return (expect('true'), true);
    if (c === 'f') return (expect('false'), false);
    if (c === 'n') return (expect('null'), null);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    return fail();
  };
  try {
    const result = value();
    space();
    if (at < text.length) fail();
    return { ok: true, value: result };
  } catch (error) {
    if (!(error instanceof JsonStop)) throw error;
    // a text that ends too early is blamed on its last visible line, not on the blank lines after it
    const offset = Math.min(error.offset, text.replace(/[ \t\n\r]+$/, '').length);
    return { ok: false, offset, line: text.slice(0, offset).split(/\r\n|\r|\n/).length };
  }
}
