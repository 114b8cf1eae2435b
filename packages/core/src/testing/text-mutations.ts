/**
 * Mutations of a text file for differential fuzzing of readers: the ways real files go wrong
 * (cut short, a wrong header count, lines lost or repeated, columns swapped, indices shifted
 * between 0- and 1-based, non-finite or extreme numbers, CRLF line ends, a byte-order mark, a
 * trailing comment, binary garbage). Each mutation is plain data, so a property-testing library
 * can generate and shrink it; {@link applyTextMutations} applies a list in order.
 */

/** The kinds of {@link TextMutation}. */
export const TEXT_MUTATION_KINDS = [
  'truncate-lines',
  'truncate-bytes',
  'header-count',
  'delete-line',
  'duplicate-line',
  'swap-lines',
  'swap-columns',
  'shift-indices',
  'replace-number',
  'crlf',
  'byte-order-mark',
  'trailing-comment',
  'blank-line',
  'garbage',
] as const;
export type TextMutationKind = (typeof TEXT_MUTATION_KINDS)[number];

/** One mutation: its kind and two free integers that pick where and what. */
export interface TextMutation {
  readonly kind: TextMutationKind;
  readonly a: number;
  readonly b: number;
}

/** Replacement numbers: non-finite spellings, extremes, negatives, signs and forms readers differ on. */
export const ODD_NUMBERS = ['NaN', 'nan', 'Infinity', 'inf', '-inf', '1e309', '-1e309', '1e308', '9007199254740993', '-3', '0', '-0', '+2', '1.5', '.5', '5.', '1e-400', '0x10', '1,5', ''] as const;

const COMMENTS = ['# trailing comment', '% trailing comment', '// trailing comment', '#'] as const;
const GARBAGE = ['\u0000', '\uFFFD', '\u00A0', '\u001B[0m', '\t', ' ', 'x', '\u00E9', '\uFEFF', '"', ',', ']', '}', ':', '-'] as const;

const pick = <T>(list: readonly T[], k: number): T => list[Math.abs(k) % list.length]!;

const NUMBER_TOKEN = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/** Replaces the k-th number token of a line (counted modulo their number) by `next(token)`. */
function replaceNumberToken(line: string, k: number, next: (token: string) => string): string {
  const tokens = [...line.matchAll(NUMBER_TOKEN)];
  if (tokens.length === 0) return line;
  const token = tokens[Math.abs(k) % tokens.length]!;
  return line.slice(0, token.index) + next(token[0]) + line.slice(token.index + token[0].length);
}

/** Swaps the first two runs of non-separator characters of a line. */
function swapFirstColumns(line: string): string {
  const match = /^(\s*)([^\s,;]+)([\s,;]+)([^\s,;]+)/.exec(line);
  if (match === null) return line;
  return `${match[1]}${match[4]}${match[3]}${match[2]}${line.slice(match[0].length)}`;
}

/** Adds `delta` to the first two integer tokens of a line (a vertex pair, a row and column). */
function shiftFirstIntegers(line: string, delta: number): string {
  let left = 2;
  return line.replace(/(^|[\s,;[])(-?\d+)(?=$|[\s,;\]])/g, (whole, before: string, digits: string) => {
    if (left <= 0) return whole;
    left -= 1;
    return `${before}${Number(digits) + delta}`;
  });
}

/**
 * Applies one mutation to a text.
 *
 * @param text - the file as it was
 * @param mutation - kind and the two integers that choose a line, a column, a replacement
 * @returns the mutated text (possibly equal to `text`, for a mutation with nothing to act on)
 * @example applyTextMutation('2 1\n1 2 1\n', { kind: 'truncate-lines', a: 1, b: 0 }); // '2 1\n'
 */
export function applyTextMutation(text: string, mutation: TextMutation): string {
  const { kind, a, b } = mutation;
  const lines = text.split('\n');
  // the last element is '' when the text ends with a newline; keep it out of line choices
  const count = Math.max(1, lines.length - (lines.at(-1) === '' ? 1 : 0));
  const at = Math.abs(a) % count;
  const firstContent = lines.findIndex((l) => l.trim() !== '' && !/^\s*(#|%|\/\/)/.test(l));
  switch (kind) {
    case 'truncate-lines':
      return `${lines.slice(0, at).join('\n')}${at > 0 ? '\n' : ''}`;
    case 'truncate-bytes':
      return text.slice(0, Math.abs(a) % (text.length + 1));
    case 'header-count': {
      if (firstContent < 0) return text;
      const tokens = [...lines[firstContent]!.matchAll(NUMBER_TOKEN)];
      if (tokens.length === 0) return text;
      lines[firstContent] = replaceNumberToken(lines[firstContent]!, tokens.length - 1, (t) => String(Number(t) + (b % 2 === 0 ? 1 : -1) * (1 + (Math.abs(b) % 3))));
      return lines.join('\n');
    }
    case 'delete-line':
      lines.splice(at, 1);
      return lines.join('\n');
    case 'duplicate-line':
      lines.splice(at, 0, lines[at]!);
      return lines.join('\n');
    case 'swap-lines': {
      const other = Math.abs(b) % count;
      [lines[at], lines[other]] = [lines[other]!, lines[at]!];
      return lines.join('\n');
    }
    case 'swap-columns':
      return b % 2 === 0 ? lines.map((l, i) => (i === firstContent ? l : swapFirstColumns(l))).join('\n') : lines.map((l, i) => (i === at ? swapFirstColumns(l) : l)).join('\n');
    case 'shift-indices': {
      const delta = b % 2 === 0 ? -1 : 1;
      return lines.map((l, i) => (i === firstContent || l.trim().startsWith('%') ? l : shiftFirstIntegers(l, delta))).join('\n');
    }
    case 'replace-number':
      lines[at] = replaceNumberToken(lines[at]!, b >> 5, () => pick(ODD_NUMBERS, b));
      return lines.join('\n');
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'byte-order-mark':
      return `\uFEFF${text}`;
    case 'trailing-comment':
      return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${pick(COMMENTS, b)}\n`;
    case 'blank-line':
      lines.splice(at, 0, b % 2 === 0 ? '' : ' \t ');
      return lines.join('\n');
    case 'garbage': {
      const where = Math.abs(a) % (text.length + 1);
      const junk = Array.from({ length: 1 + (Math.abs(b) % 3) }, (_, i) => pick(GARBAGE, b + 7 * i)).join('');
      return text.slice(0, where) + junk + text.slice(where);
    }
  }
}

/**
 * Applies mutations in order.
 *
 * @example applyTextMutations(text, [{ kind: 'crlf', a: 0, b: 0 }, { kind: 'delete-line', a: 3, b: 0 }]);
 */
export function applyTextMutations(text: string, mutations: readonly TextMutation[]): string {
  return mutations.reduce(applyTextMutation, text);
}
