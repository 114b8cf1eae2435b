const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '{': '&#123;', '}': '&#125;', $: '&#36;', '|': '&#124;', '`': '&#96;', '*': '&#42;', _: '&#95;', '\\': '&#92;', '[': '&#91;', ']': '&#93;' };

/**
 * Escapes text for a generated page: HTML specials, and the characters the site's markdown
 * would act on even inside raw HTML text (`{{ }}` is a Vue interpolation, `$…$` math, `|` a
 * table cell, `*`/`_` emphasis, `[` a link). The browser shows the characters unchanged.
 *
 * @example escapeHtml('uniform:<n>x<d>'); // 'uniform:&lt;n&gt;x&lt;d&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'{}$|`*_\\[\]]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A value as inline code in generated HTML (JSON for anything but a string).
 *
 * @example code({ id: 'adam' }); // '<code>&#123;"id":"adam"&#125;</code>' (entities for the quotes too)
 */
export function code(value: unknown): string {
  return `<code>${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}</code>`;
}
