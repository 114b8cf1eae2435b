/** Largest vertex count the readers accept (keeps edge keys i·n + j exact in float64). */
export const MAX_VERTICES = 50_000_000;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The integer a token spells, or undefined (no hex, no blanks, no `1.0`, safe range only). */
export function parseInteger(token: string | undefined): number | undefined {
  if (token === undefined || !INTEGER.test(token)) return undefined;
  const value = Number(token);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The finite decimal number a token spells, or undefined (`inf`, `nan`, `0x1`, `` rejected). */
export function parseDecimal(token: string | undefined): number | undefined {
  if (token === undefined || !DECIMAL.test(token)) return undefined;
  const value = Number(token);
  return Number.isFinite(value) ? value : undefined;
}

/** A non-blank, non-comment line split into fields, with its 1-based line number. */
export interface ContentLine {
  readonly line: number;
  readonly fields: string[];
  readonly text: string;
}

/**
 * Splits text into content lines: blank lines and lines starting with one of `comments`
 * are skipped; fields are split by `separator`.
 */
export function contentLines(text: string, separator: RegExp, comments: readonly string[]): ContentLine[] {
  const out: ContentLine[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let k = 0; k < lines.length; k++) {
    const trimmed = (lines[k] ?? '').trim();
    if (trimmed === '' || comments.some((c) => trimmed.startsWith(c))) continue;
    out.push({ line: k + 1, fields: trimmed.split(separator).filter((f) => f !== ''), text: trimmed });
  }
  return out;
}

/** A short quote of a line for error messages. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
