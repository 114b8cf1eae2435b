import { describe, expect, it } from 'vitest';
import { code, escapeHtml } from './html.js';

describe('escaping generated text for the site', () => {
  it('escapes HTML and the characters markdown, math and Vue would act on', () => {
    expect(escapeHtml('uniform:<n>x<d>')).toBe('uniform:&lt;n&gt;x&lt;d&gt;');
    expect(escapeHtml('{{ a }} $x$ | *b* _c_ [d]')).toBe('&#123;&#123; a &#125;&#125; &#36;x&#36; &#124; &#42;b&#42; &#95;c&#95; &#91;d&#93;');
    expect(escapeHtml('‖W‖²_F')).toBe('‖W‖²&#95;F');
  });

  it('writes strings as they are and other values as JSON inside <code>', () => {
    expect(code('adam')).toBe('<code>adam</code>');
    expect(code({ id: 'adam' })).toBe('<code>&#123;&quot;id&quot;:&quot;adam&quot;&#125;</code>');
    expect(code(0.1)).toBe('<code>0.1</code>');
  });
});
