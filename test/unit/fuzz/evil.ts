/**
 * Generators of hostile log content: values an attacker controls (user names, paths, arguments)
 * and the malformed lines a corrupt or truncated file holds. Seeds are real lines of every format,
 * from the golden fixtures, so mutations reach deep into each parser instead of failing its first check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

/** Every line of every plain-text golden fixture, by format folder. */
export function fixtureLines(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const format of readdirSync(FIXTURES)) {
    const lines: string[] = [];
    for (const name of readdirSync(join(FIXTURES, format))) {
      if (!name.endsWith('.log')) continue;
      lines.push(...readFileSync(join(FIXTURES, format, name), 'utf8').split(/\r?\n/));
    }
    out.set(
      format,
      lines.filter((l) => l !== ''),
    );
  }
  return out;
}

const fieldName = fc.constantFrom(
  'date',
  'time',
  'c-ip',
  'c-port',
  's-ip',
  's-port',
  'cs-method',
  'cs-uri-stem',
  'sc-status',
  'x-session',
  'cs-username',
  'x-fullpath',
  'sc-bytes',
  'time-taken',
  'x-unknown',
);

/** #Fields directives with no field, hundreds of fields, and duplicated names. */
const fieldsDirective = fc.oneof(
  fc.constant('#Fields:'),
  fc.constant('#Fields: '),
  fc.array(fieldName, { minLength: 0, maxLength: 20 }).map((f) => `#Fields: ${f.join(' ')}`),
  fc
    .integer({ min: 450, max: 550 })
    .map((n) => `#Fields: ${Array.from({ length: n }, (_, i) => `x-f${i}`).join(' ')}`),
  fc.constant('#Fields: date time c-ip c-ip cs-method cs-method sc-status sc-status'),
);

/** Single tokens that break naive parsers. */
export const evilToken = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.integer().map(String),
  fc.constantFrom(
    '',
    '-',
    '"',
    '\\',
    '\\"',
    '""',
    "'",
    '\0',
    '\\n',
    '%0A',
    '%0d%0a',
    '\\u000a',
    '&#10;',
    '\u2028',
    '\u2029',
    '\ufffd',
    '\ud800',
    '{"a":1}',
    '}\n{',
    '[',
    '99999999999999999999',
    '-1',
    '65536',
    '70000',
    '1e308',
    'NaN',
    '0x15',
    '9999-99-99',
    '0000-00-00',
    '2024-13-45',
    '10000-01-01',
    '1969-12-31',
    '25:61:61',
    'fe80::1%eth0',
    '[fe80::1%25eth0]:21',
    '::ffff:192.0.2.1',
    '::',
    '256.256.256.256',
    'user pass',
    'PASS',
    'pass',
    'PaSs',
    'auth',
    'AUTH TLS',
    'QuIt',
    'quit',
    'USER',
    '%s',
    '%n%n%n',
    '$(reboot)',
    '__proto__',
    'constructor',
    'toString',
  ),
);

/** A real line with some of its space-separated tokens replaced, doubled or removed. */
function mutated(seed: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...seed),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete', 'glue'), evilToken), {
        minLength: 1,
        maxLength: 4,
      }),
    )
    .map(([line, edits]) => {
      const tokens = line.split(' ');
      for (const [at, op, token] of edits) {
        const i = at % (tokens.length + 1);
        if (op === 'replace') tokens[i] = token;
        else if (op === 'insert') tokens.splice(i, 0, token);
        else if (op === 'delete') tokens.splice(i, 1);
        else tokens[i] = `${tokens[i] ?? ''}${token}`;
      }
      return tokens.join(' ');
    });
}

/** A long line: a real line with a huge token (a path or user name of hundreds of kilobytes). */
function huge(seed: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...seed),
      fc.integer({ min: 10_000, max: 300_000 }),
      fc.constantFrom('a', '"', '\\', ' '),
    )
    .map(([line, n, ch]) => `${line} ${ch.repeat(n)}`);
}

/** One line of a hostile log: mutated real lines, directives, random text. */
export function evilLine(seed: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: mutated(seed) },
    { weight: 2, arbitrary: fc.constantFrom(...seed) },
    { weight: 1, arbitrary: fieldsDirective },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.array(evilToken, { maxLength: 12 }).map((t) => t.join(' ')) },
    { weight: 1, arbitrary: huge(seed) },
  );
}
