/**
 * HTML built only through the `html` template tag: every interpolated value is escaped unless it is itself
 * the result of `html`. User names, paths and server names come from logs an attacker can write to, so
 * escaping is the default rather than something each call site must remember.
 */

/** Markup that was built by `html` (or is a trusted constant), so it is inserted as it is. */
export class SafeHtml {
  constructor(readonly markup: string) {}
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in text and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A value in a template: text is escaped, arrays are joined, null, undefined and false leave nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** For markup that is a constant of this program (the style sheet), never for data. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
