/**
 * Secrets that servers write into their logs are masked before anything is stored, printed or shipped:
 * we must never create the exposure we report. Parsers call `redactArgument` for the commands they
 * understand; text we could not parse (dead-letter lines) goes through `redactFreeText`.
 */

export const REDACTED = '***';

/**
 * The argument as it may be kept. PASS arguments are masked whatever they are, the anonymous
 * e-mail "passwords" included; `SITE PSWD` keeps nothing either.
 */
export function redactArgument(verb: string, argument: string | undefined): string | undefined {
  if (argument === undefined || argument === '') return argument;
  const v = verb.length === 4 ? verb.toUpperCase() : verb;
  if (v === 'PASS') return REDACTED;
  if (v === 'SITE' && /^pswd\b/i.test(argument)) return 'PSWD ' + REDACTED;
  return argument;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}
function isQuote(c: number): boolean {
  return c === 34 || c === 39;
}
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/**
 * Masks what follows the words `PASS` or `password` in a line of unknown layout.
 * After `"PASS ` (quoted), masks up to the closing quote; otherwise up to the next blank.
 * Over-masks rather than under-masks: this is only used where we could not parse the line.
 */
export function redactFreeText(text: string): string {
  // ASCII-only lowering keeps indexes aligned with `text` ("İ".toLowerCase() is two code units).
  const lower = text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  let out = '';
  let copied = 0;
  let from = 0;
  for (;;) {
    const at = lower.indexOf('pass', from);
    if (at < 0) break;
    from = at + 4;
    if (at > 0 && isWordChar(lower.charCodeAt(at - 1))) continue;
    let keywordEnd = at + 4;
    if (lower.startsWith('word', keywordEnd)) keywordEnd += 4;
    let p = keywordEnd;
    if (p < text.length && (text[p] === ':' || text[p] === '=')) p++;
    if (p >= text.length || !isSpace(text.charCodeAt(p))) {
      if (!(p > keywordEnd && p < text.length)) continue;
    }
    while (p < text.length && isSpace(text.charCodeAt(p))) p++;
    if (p >= text.length) break;
    const quotedBefore = at > 0 && isQuote(text.charCodeAt(at - 1));
    let end: number;
    if (isQuote(text.charCodeAt(p))) {
      const q = text[p];
      p++;
      end = text.indexOf(q, p);
      if (end < 0) end = text.length;
    } else if (quotedBefore) {
      end = text.indexOf(text[at - 1], p);
      if (end < 0) end = text.length;
    } else {
      end = p;
      while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
    }
    if (end > p && text.slice(p, end) !== REDACTED) {
      out += text.slice(copied, p) + REDACTED;
      copied = end;
    }
    from = Math.max(from, end);
  }
  return copied === 0 ? text : out + text.slice(copied);
}
