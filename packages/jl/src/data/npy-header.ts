/** A value of a .npy header dictionary: a string, a boolean, or a tuple of non-negative integers. */
export type NpyHeaderValue = string | boolean | readonly number[];

/** The header's entries, or where and why it is not the dictionary literal the format prescribes. */
export type NpyHeaderParse = { readonly ok: true; readonly entries: ReadonlyMap<string, NpyHeaderValue> } | { readonly ok: false; readonly at: number; readonly reason: string };

class HeaderStop extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Parses the header of a `.npy` file: a Python dictionary literal whose values are strings,
 * `True`/`False` or tuples of integers (`(3, 2)`, `(3,)`, `()`), followed only by spaces and the
 * closing newline. The whole text must be such a literal: a header with stray bytes is a damaged
 * file, and reading its entries by pattern would trust data that may be damaged too. A key
 * given twice is refused.
 *
 * @param header - the header text (after the magic string, version and length)
 * @example parseNpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }\n"); // ok, 3 entries
 * @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
export function parseNpyHeader(header: string): NpyHeaderParse {
  let at = 0;
  const stop = (reason: string): never => {
    throw new HeaderStop(at, reason);
  };
  const space = (): void => {
    while (at < header.length && (header[at] === ' ' || header[at] === '\t' || header[at] === '\n')) at++;
  };
  const string = (): string => {
    const quote = header[at];
    if (quote !== "'" && quote !== '"') stop('expected a quoted string');
    const end = header.indexOf(quote!, at + 1);
    if (end < 0) stop('a string is not closed');
    const value = header.slice(at + 1, end);
    if ([...value].some((c) => c === '\\' || c.charCodeAt(0) < 0x20)) stop('a string holds an escape or a control character');
    at = end + 1;
    return value;
  };
  const tuple = (): number[] => {
    at++; // '('
    const items: number[] = [];
    let trailingComma = false;
    for (;;) {
      space();
      if (header[at] === ')') {
        at++;
        // (3) is the integer 3 in Python, not a tuple
        if (items.length === 1 && !trailingComma) stop("a one-element shape is written '(n,)'");
        return items;
      }
      const digits = /^\d+/.exec(header.slice(at))?.[0];
      if (digits === undefined) stop('expected a non-negative integer in the tuple');
      items.push(Number(digits));
      at += digits!.length;
      space();
      trailingComma = header[at] === ',';
      if (trailingComma) at++;
      else if (header[at] !== ')') stop("expected ',' or ')' in the tuple");
    }
  };
  const value = (): NpyHeaderValue => {
    space();
    if (header.startsWith('True', at)) return (at += 4), true;
    if (header.startsWith('False', at)) return (at += 5), false;
    if (header[at] === '(') return tuple();
    return string();
  };
  try {
    space();
    if (header[at] !== '{') stop("expected '{'");
    at++;
    const entries = new Map<string, NpyHeaderValue>();
    for (;;) {
      space();
      if (header[at] === '}') break;
      const keyAt = at;
      const key = string();
      if (entries.has(key)) {
        at = keyAt;
        stop(`the key '${key}' appears twice`);
      }
      space();
      if (header[at] !== ':') stop("expected ':'");
      at++;
      entries.set(key, value());
      space();
      if (header[at] === ',') at++;
      else if (header[at] !== '}') stop("expected ',' or '}'");
    }
    at++;
    space();
    if (at < header.length) stop('unexpected characters after the dictionary');
    return { ok: true, entries };
  } catch (error) {
    if (!(error instanceof HeaderStop)) throw error;
    return { ok: false, at: error.at, reason: error.reason };
  }
}
