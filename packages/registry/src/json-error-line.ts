/** Whether a JSON.parse message says only that the text ended too early. */
const endsEarly = (message: string): boolean => /end of (JSON )?input|Unterminated/i.test(message) && !/position \d+/.test(message);

/** The 1-based line of a character offset (CR, LF and CRLF end lines). */
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split(/\r\n|\r|\n/).length;

/** Whether the first `k` lines fail to parse for another reason than ending early (such failures persist in every longer prefix). */
function failsEarly(lines: readonly string[], k: number): boolean {
  // the line break ends a literal or number cut at the line's end ('tru' then a newline already fails)
  const prefix = `${lines.slice(0, k).join('\n')}\n`;
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (endsEarly(message)) return false;
    const at = /position (\d+)/.exec(message);
    return at === null || Number(at[1]) < prefix.replace(/[ \t\n\r]+$/, '').length;
  }
}

/**
 * The 1-based line where a JSON text stops being JSON, from `JSON.parse`'s error: the line of
 * "position N" when the engine gives it; for a text that ends too early, the line of its last
 * visible character; else the first line whose prefix fails for another reason than ending
 * early, by binary search.
 *
 * @param text - the text given to `JSON.parse`
 * @param error - what `JSON.parse` threw
 * @example try { JSON.parse(text); } catch (e) { where = `${file}:${jsonErrorLine(text, e)}`; }
 */
export function jsonErrorLine(text: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  // JSON's white space only: a byte-order mark or a no-break space at the end is an error to point at
  const end = text.replace(/[ \t\n\r]+$/, '').length;
  const position = /position (\d+)/.exec(message);
  if (position !== null) return lineAt(text, Math.min(Number(position[1]), end));
  if (endsEarly(message)) return lineAt(text, end);
  const lines = text.split(/\r\n|\r|\n/);
  if (!failsEarly(lines, lines.length)) return lineAt(text, end);
  let low = 1;
  let high = lines.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (failsEarly(lines, mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}
