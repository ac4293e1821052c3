import { escapeHtml, html, SafeHtml, trusted } from '../../../../src/report/html/escape';

/** The same tag under another name, so that Prettier leaves these exact strings alone. */
const tag = html;

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and in quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('leaves other text alone, backslashes and non-ASCII included', () => {
    expect(escapeHtml('CONTOSO\\alice → ü 10.0.0.5:21')).toBe('CONTOSO\\alice → ü 10.0.0.5:21');
  });
});

describe('html template tag', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ["' onmouseover='alert(1)", '&#39; onmouseover=&#39;alert(1)'],
  ])('escapes interpolated text %j, in content and in attributes', (payload, escaped) => {
    expect(tag`<td title="${payload}">${payload}</td>`.markup).toBe(`<td title="${escaped}">${escaped}</td>`);
  });

  it('inserts nested html as it is, and escapes strings inside it', () => {
    const inner = tag`<b>${'<i>'}</b>`;
    expect(tag`<p>${inner}</p>`.markup).toBe('<p><b>&lt;i&gt;</b></p>');
  });

  it('joins arrays, escaping each string item', () => {
    expect(tag`<ul>${['<a>', tag`<li>b</li>`]}</ul>`.markup).toBe('<ul>&lt;a&gt;<li>b</li></ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(tag`[${null}${undefined}${false}${0}${1.5}]`.markup).toBe('[01.5]');
  });

  it('does not take an object that merely looks like markup for markup', () => {
    const forged = { markup: '<script>' } as unknown as SafeHtml;
    expect(tag`${forged}`.markup).toBe('[object Object]');
  });

  it('trusted() is for constants of the program: it inserts them unchanged', () => {
    expect(tag`<style>${trusted('a>b{}')}</style>`.markup).toBe('<style>a>b{}</style>');
  });
});
