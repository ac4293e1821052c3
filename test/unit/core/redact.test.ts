import { REDACTED, redactArgument, redactFreeText } from '../../../src/core/redact';

describe('redactArgument', () => {
  it.each([
    ['PASS', 'hunter2'],
    ['pass', 'hunter2'],
    ['Pass', 'two words'],
    ['PASS', 'mozilla@example.com'],
    ['PASS', REDACTED],
  ])('masks %s %j', (verb, arg) => {
    expect(redactArgument(verb, arg)).toBe(REDACTED);
  });

  it('keeps an absent or empty argument as it is', () => {
    expect(redactArgument('PASS', undefined)).toBeUndefined();
    expect(redactArgument('PASS', '')).toBe('');
  });

  it.each([
    ['SITE', 'PSWD old new'],
    ['site', 'pswd old new'],
    ['SITE', 'PSWD'],
  ])('masks %s %j', (verb, arg) => {
    expect(redactArgument(verb, arg)).toBe(`PSWD ${REDACTED}`);
  });

  it.each([
    ['USER', 'alice'],
    ['RETR', 'passwords.txt'],
    ['SITE', 'CHMOD 644 pass'],
    ['SITE', 'PSWDX a'],
    ['PASV', 'x'],
    ['PASSX', 'x'],
  ])('leaves %s %j untouched', (verb, arg) => {
    expect(redactArgument(verb, arg)).toBe(arg);
  });
});

describe('redactFreeText', () => {
  it.each([
    [
      'an IIS line',
      '2024-03-01 08:00:05 10.0.0.9 50211 alice 10.0.0.5 21 PASS secret 230 0 0 s1 /',
      '2024-03-01 08:00:05 10.0.0.9 50211 alice 10.0.0.5 21 PASS *** 230 0 0 s1 /',
    ],
    ['an IIS "+" for a space', 'x 21 PASS my+secret 230 0', 'x 21 PASS *** 230 0'],
    [
      'a vsftpd quoted command with spaces',
      'Fri Mar  1 08:00:05 2024 [pid 42] [alice] FTP command: Client "::ffff:10.0.0.9", "PASS my secret"',
      'Fri Mar  1 08:00:05 2024 [pid 42] [alice] FTP command: Client "::ffff:10.0.0.9", "PASS ***"',
    ],
    [
      'a vsftpd anonymous password',
      '[pid 3] [ftp] OK LOGIN: Client "10.0.0.9", anon password "x@y"',
      '[pid 3] [ftp] OK LOGIN: Client "10.0.0.9", anon password "***"',
    ],
    ['password=', 'user=bob password=abc next', 'user=bob password=*** next'],
    ['password:', 'password: abc', 'password: ***'],
    ['PASS:', 'PASS:abc', 'PASS:***'],
    ['a quoted secret', 'PASS "two words" tail', 'PASS "***" tail'],
    ['an unclosed quote', '"PASS my secret', '"PASS ***'],
    ['a tab', 'PASS\tsecret', 'PASS\t***'],
    ['lower case', 'pass secret', 'pass ***'],
    ['mixed case', 'PaSsWoRd=x', 'PaSsWoRd=***'],
    ['two secrets', 'PASS a PASS b', 'PASS *** PASS ***'],
    ['up to the next blank', 'PASS a;b c', 'PASS *** c'],
    ['non-ASCII before the keyword', 'İstanbul PASS secret', 'İstanbul PASS ***'],
    ['non-ASCII before a quoted keyword', 'İİİİ "PASS my secret"', 'İİİİ "PASS ***"'],
  ])('masks %s', (_what, text, expected) => {
    expect(redactFreeText(text)).toBe(expected);
  });

  it('over-masks the word after "Password" in a reply (documented behaviour)', () => {
    expect(redactFreeText('331 Password required for alice.')).toBe('331 Password *** for alice.');
  });

  it.each([
    'PASS ***',
    '2024-03-01 08:00:05 10.0.0.9 50211 alice 10.0.0.5 21 PASS *** 230 0 0 s1 /',
    '"PASS ***"',
    '331 Please specify the password.',
    '227 Entering Passive Mode (10,0,0,5,195,80)',
    'bypass secret; compass north',
    'PASS',
    'PASS   ',
    'password=',
    'USER alice',
    '',
  ])('returns %j unchanged when there is nothing to mask', (text) => {
    // Strings are primitives: toBe cannot tell "the same instance" from "an equal string".
    expect(redactFreeText(text)).toBe(text);
  });

  it('never lets the secret through, whatever surrounds it', () => {
    const shapes = [
      (s: string) => `PASS ${s}`,
      (s: string) => `"PASS ${s}"`,
      (s: string) => `anon password "${s}"`,
      (s: string) => `Password=${s} end`,
      (s: string) => `é€😀 PASS ${s} 230`,
      (s: string) => `İ\tpass\t${s}`,
    ];
    for (const shape of shapes) expect(redactFreeText(shape('hunter2'))).not.toContain('hunter2');
  });
});
