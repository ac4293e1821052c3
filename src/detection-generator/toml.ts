/**
 * The few TOML forms Elastic's detection-rules files use, written by hand so that the layout is theirs
 * (`[metadata]`, `[rule]`, a query in a multi-line literal string, `[[rule.threat]]` tables). The tests
 * read the files back with a TOML parser and compare them with the Kibana rules.
 */

export type TomlValue = string | number | boolean | readonly string[];

/** A basic string: "..." with TOML's escapes. */
export function basic(s: string): string {
  return JSON.stringify(s); // JSON's escapes (\" \\ \n \uXXXX) are all valid TOML basic-string escapes
}

/**
 * A multi-line basic string, for prose: quotes and backslashes escaped; the closing quotes end the last line,
 * so that the value has no trailing line break.
 */
function multiline(s: string): string {
  const body = s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `"""\n${body}"""`;
}

/** A multi-line literal string, for queries: backslashes stay as they are (Lucene escapes need them). */
function literal(s: string): string {
  if (s.includes("'''")) return multiline(s);
  return `'''\n${s}\n'''`;
}

function value(v: TomlValue, style: 'auto' | 'literal'): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') {
    if (style === 'literal') return literal(v);
    return v.length > 80 || v.includes('\n') ? multiline(v) : basic(v);
  }
  const items = v.map(basic);
  const oneLine = `[${items.join(', ')}]`;
  return oneLine.length <= 100 ? oneLine : `[\n${items.map((i) => `    ${i},`).join('\n')}\n]`;
}

/** `key = value` lines, in the order given; undefined values are left out. */
export function pairs(
  entries: readonly (readonly [string, TomlValue | undefined])[],
  literalKeys: readonly string[] = [],
): string {
  return entries
    .filter((e): e is readonly [string, TomlValue] => e[1] !== undefined)
    .map(([k, v]) => `${k} = ${value(v, literalKeys.includes(k) ? 'literal' : 'auto')}`)
    .join('\n');
}
