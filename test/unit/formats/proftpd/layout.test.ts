import {
  compileLayout,
  logFormatError,
  normalizeLogFormat,
  PROFTPD_DEFAULT_LOG_FORMAT,
  RECOMMENDED_LOG_FORMAT,
  type Layout,
} from '../../../../src/formats/proftpd/layout';
import { matchLayout, MAX_STEPS, type MatchWork } from '../../../../src/formats/proftpd/match';

function layout(format: string): Layout {
  const compiled = compileLayout(format);
  if ('error' in compiled) throw new Error(compiled.error);
  return compiled.layout;
}

/** The values of a line split along a LogFormat, by directive; undefined when the line does not match. */
function split(format: string, line: string): Record<string, string> | undefined {
  const l = layout(format);
  const starts: number[] = [];
  const ends: number[] = [];
  if (!matchLayout(l, line, starts, ends)) return undefined;
  return Object.fromEntries(l.slots.map((s, i) => [s.directive, line.slice(starts[i], ends[i])]));
}

describe('compileLayout', () => {
  it('splits a format into a prefix and variables each followed by their literal', () => {
    const l = layout('[%t] pid=%P "%r" %s');
    expect(l.prefix).toBe('[');
    expect(l.slots.map((s) => [s.directive, s.after])).toEqual([
      ['%t', '] pid='],
      ['%P', ' "'],
      ['%r', '" '],
      ['%s', ''],
    ]);
  });

  it.each([
    ['%a', 'client_ip'],
    ['%h', 'remote_host'],
    ['%{remote-port}', 'client_port'],
    ['%L', 'server_ip'],
    ['%p', 'server_port'],
    ['%P', 'session_id'],
    ['%u', 'user'],
    ['%m', 'command'],
    ['%r', 'request'],
    ['%J', 'arguments'],
    ['%s', 'status'],
    ['%b', 'bytes'],
    ['%f', 'file'],
    ['%F', 'client_file'],
    ['%T', 'seconds_taken'],
    ['%{transfer-millisecs}', 'millis_taken'],
    ['%{protocol}', 'protocol'],
    ['%A', 'anonymous_password'],
    ['%v', 'site'],
    ['%V', 'server_name'],
    ['%t', 'time_clf'],
    ['%{iso8601}', 'time_iso'],
    ['%{epoch}', 'time_epoch'],
    ['%{millisecs}', 'millisecs'],
  ])('maps %s to %s', (directive, target) => {
    const l = layout(`%{epoch} %m ${directive} x`);
    expect(l.slots[2].spec.target).toBe(target);
  });

  it.each([
    ['%S', 'response', 'text'],
    ['%E', 'end_of_session', 'text'],
    ['%U', 'original_user', 'text'],
    ['%l', 'ident', 'text'],
    ['%{transfer-status}', 'transfer_status', 'token'],
    ['%{file-size}', 'file_size', 'int'],
    ['%R', 'response_ms', 'number'],
    ['%{HOME}e', 'env.HOME', 'text'],
    ['%Z', 'Z', 'text'],
    ['%{something-new}', 'something-new', 'text'],
  ])('keeps %s in extra as %s, read as %s (unknown variables as text)', (directive, name, shape) => {
    const l = layout(`%{epoch} %m ${directive} x`);
    expect(l.slots[2].spec).toEqual({ target: 'extra', name, shape });
  });

  it('reads %% as a literal percent sign', () => {
    expect(layout('%{epoch} 100%% %m').slots[0].after).toBe(' 100% ');
  });

  it('compiles ProFTPD default and the recommended LogFormat', () => {
    expect(layout(PROFTPD_DEFAULT_LOG_FORMAT).slots).toHaveLength(7);
    expect(layout(RECOMMENDED_LOG_FORMAT).index).toMatchObject({ time_iso: 0, session_id: 1, protocol: 6 });
  });

  it.each([
    ['', 'the LogFormat is empty'],
    ['%t %m %', 'the LogFormat ends with a lone "%"'],
    ['%t %m %{protocol', '"%{protocol" has no closing "}"'],
    [
      '%{%Y-%m-%d}t %m',
      '%{%Y-%m-%d}t (a time in a custom strftime format) is not supported: use %t or %{iso8601}',
    ],
    ['%t %a%p %m', '%a%p: nothing separates %a from the next variable, so its end cannot be found'],
    ['%h %u %m', 'the LogFormat has no time (%t, %{iso8601} or %{epoch}), which every line needs'],
    ['%t %h %s', 'the LogFormat has neither %m nor %r, so the FTP commands cannot be seen'],
  ])('rejects %j: %s', (format, error) => {
    expect(compileLayout(format)).toEqual({ error });
    expect(logFormatError(format)).toBe(`Unsupported ProFTPD LogFormat: ${error}.`);
  });

  it('lets a time run straight into the next variable: its end is its shape', () => {
    expect(split('%t%m', '[26/Nov/2026:20:55:41 +0000]USER')).toEqual({
      '%t': '[26/Nov/2026:20:55:41 +0000]',
      '%m': 'USER',
    });
  });
});

describe('normalizeLogFormat', () => {
  it('takes the format out of a proftpd.conf LogFormat line, unescaping \\"', () => {
    expect(normalizeLogFormat('LogFormat ftpsight "%t user=\\"%u\\" %m"')).toBe('%t user="%u" %m');
  });

  it('takes a format given in quotes', () => {
    expect(normalizeLogFormat(' "%h %t \\"%r\\"" ')).toBe('%h %t "%r"');
  });

  it('leaves a bare format as it is', () => {
    expect(normalizeLogFormat(PROFTPD_DEFAULT_LOG_FORMAT)).toBe(PROFTPD_DEFAULT_LOG_FORMAT);
  });
});

describe('matchLayout', () => {
  it.each([
    [
      'splits a line of the default LogFormat, with spaces inside %r',
      PROFTPD_DEFAULT_LOG_FORMAT,
      '10.0.0.1 UNKNOWN bob [26/Nov/2026:20:55:41 +0000] "STOR a b.txt" 226 10',
      {
        '%h': '10.0.0.1',
        '%l': 'UNKNOWN',
        '%u': 'bob',
        '%t': '[26/Nov/2026:20:55:41 +0000]',
        '%r': 'STOR a b.txt',
        '%s': '226',
        '%b': '10',
      },
    ],
    [
      'splits an IPv6 address from its port at the right colon',
      '%{epoch} %a:%{remote-port} -> %L:%p %m',
      '1764190541 ::1:24300 -> ::ffff:10.0.0.1:21 QUIT',
      {
        '%{epoch}': '1764190541',
        '%a': '::1',
        '%{remote-port}': '24300',
        '%L': '::ffff:10.0.0.1',
        '%p': '21',
        '%m': 'QUIT',
      },
    ],
    [
      'takes "-" for a number and empty values for text',
      '%{epoch} %m "%J" %s %b',
      '1764190541  "" - -',
      { '%{epoch}': '1764190541', '%m': '', '%J': '', '%s': '-', '%b': '-' },
    ],
  ])('%s', (_, format, line, values) => {
    expect(split(format, line)).toEqual(values);
  });

  it('finds the end of %r past a quote and blank inside it, from the shape of what follows', () => {
    const line = '10.0.0.1 UNKNOWN bob [26/Nov/2026:20:55:41 +0000] "RETR a" b".txt" 226 -';
    expect(split(PROFTPD_DEFAULT_LOG_FORMAT, line)?.['%r']).toBe('RETR a" b".txt');
  });

  it("finds the end of a quoted reply holding the next separator's quote", () => {
    const line = 'cmd=PWD code=257 response=""/home" is the current directory" file="/home" t=1764190541';
    expect(split('cmd=%m code=%s response="%S" file="%f" t=%{epoch}', line)).toMatchObject({
      '%S': '"/home" is the current directory',
      '%f': '/home',
    });
  });

  it('reads %{iso8601} with and without milliseconds', () => {
    const f = '%{iso8601} %m';
    expect(split(f, '2026-11-26 20:55:41,213 USER')?.['%{iso8601}']).toBe('2026-11-26 20:55:41,213');
    expect(split(f, '2026-11-26 20:55:41 USER')?.['%{iso8601}']).toBe('2026-11-26 20:55:41');
  });

  it.each([
    ['a number that is not one', '1764190541 USER 2x0'],
    ['a missing literal', '1764190541 USER'],
    ['text after the last variable', '1764190541 USER 230 extra'],
    ['another prefix', 'x1764190541 USER 230'],
  ])('rejects %s', (_, line) => {
    expect(split('%{epoch} %m %s', line)).toBeUndefined();
  });

  it('gives up on a pathological line after a bounded number of split points', () => {
    const format = '%{epoch} %r|%U|%S|%f|%J|%E %s';
    // Each of the six values could end at any of 400 "|": about 400^6 splits to try without the cap.
    const line = `1764190541 ${'a|'.repeat(400)} x`;
    const work: MatchWork = { steps: 0 };
    expect(matchLayout(layout(format), line, [], [], work)).toBe(false);
    expect(work.steps).toBe(MAX_STEPS + 1);
  });

  it('splits an ordinary line in a handful of steps', () => {
    const work: MatchWork = { steps: 0 };
    expect(
      matchLayout(layout('%{epoch} %r|%U|%S|%f|%J|%E %s'), '1764190541 a|b|c|d|e|f 226', [], [], work),
    ).toBe(true);
    expect(work.steps).toBe(8);
  });
});
