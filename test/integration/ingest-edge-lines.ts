/**
 * Lines the golden fixtures do not hold, for the ingest pipeline parity test: every rule of the parser and
 * the mapper at its edges (dates, numbers, user names, secrets, the FTPS markers), in one layout with every
 * IIS field, an unknown one and a duplicate.
 */
export const EDGE_LAYOUT =
  'date time s-sitename s-computername c-ip c-port cs-username cs-host s-ip s-port cs-method cs-uri-stem ' +
  'sc-status sc-win32-status sc-substatus sc-bytes cs-bytes time-taken x-session x-fullpath x-debug x-custom c-ip';

const BASE: Record<string, string> = {
  date: '2024-05-23',
  time: '10:00:00',
  's-sitename': 'FTPSVC3',
  's-computername': 'WEB-FTP-01',
  'c-ip': '192.0.2.90',
  'c-port': '58000',
  'cs-username': '-',
  'cs-host': 'ftp.contoso.com',
  's-ip': '10.0.0.9',
  's-port': '21',
  'cs-method': 'NOOP',
  'cs-uri-stem': '-',
  'sc-status': '200',
  'sc-win32-status': '0',
  'sc-substatus': '0',
  'sc-bytes': '12',
  'cs-bytes': '6',
  'time-taken': '0',
  'x-session': '0a0a0a0a-0000-4000-8000-00000000e001',
  'x-fullpath': '-',
  'x-debug': '-',
  'x-custom': 'blue',
};

function line(overrides: Record<string, string>): string {
  const values = { ...BASE, ...overrides };
  const names = EDGE_LAYOUT.split(' ');
  // The second c-ip column is a duplicate: the parser reads the first one only.
  return names.map((n, i) => (i === names.length - 1 ? '198.51.100.1' : values[n])).join(' ');
}

const cmd = (method: string, argument: string, status = '200', extra: Record<string, string> = {}) =>
  line({ 'cs-method': method, 'cs-uri-stem': argument, 'sc-status': status, ...extra });

export const EDGE_LINES: readonly string[] = [
  line({}),
  ...[
    '10:00:00.5',
    '10:00:00.123456789',
    '23:59:60',
    '10:00:00.',
    '24:00:00',
    '10:00',
    '10:00:00.1234567890',
  ].map((time) => line({ time })),
  ...['2024-02-29', '2023-02-29', '1969-12-31', '2024-5-23', '2024-13-01'].map((date) => line({ date })),
  ...['990', '65535', '65536', '', '+21', '-'].map((port) => line({ 's-port': port })),
  ...['-', '070000', '0'].map((port) => line({ 'c-port': port })),
  ...['99', '1000', '-', '0x1f', '550', '100'].map((status) => line({ 'sc-status': status })),
  ...['CONTOSO\\bob', 'host|bob', '\\bob', 'bob\\', '|', 'a+b', 'ftp.contoso.com|CONTOSO\\x'].map((user) =>
    line({ 'cs-username': user }),
  ),
  cmd('pass', 'secret', '230'),
  cmd('Pass', 'se+cret', '530'),
  cmd('PASS', '-', '503'),
  cmd('PASS', '***', '230'),
  cmd('PASS', 'guest@example.net', '230', { 'cs-username': 'anonymous' }),
  cmd('SITE', 'pswd+old+new'),
  cmd('SITE', 'PSWDX+y'),
  cmd('site', 'Pswd'),
  cmd('SITE', 'pswd_x'),
  cmd('SITE', 'pswd-x'),
  cmd('AUTH', 'tls', '234'),
  cmd('AUTH', 'GSSAPI', '234'),
  cmd('AUTH', 'TLS', '334'),
  cmd('AUTH', '+TLS', '534'),
  cmd('AUTH', 'SSL', '431'),
  cmd('auth', 'TLS-C', '234', { 's-port': '990' }),
  cmd('PROT', 'c', '200'),
  cmd('PROT', 'E', '200'),
  cmd('PROT', 'P', '536'),
  cmd('PROT', '-', '200'),
  cmd('PROT', 'P', '200', { 's-port': '990' }),
  cmd('CCC', '-', '500'),
  cmd('CCC', '-', '200'),
  cmd('CCC', '-', '-'),
  cmd('X+Y', '-', '500'),
  cmd('-', 'x'),
  cmd('DataChannelOpened', '-', '-', { 's-port': '50100' }),
  cmd('ControlChannelClosed', '-', '-', { 'cs-username': 'CONTOSO\\bob' }),
  cmd('RETR', 'a+b.txt', '226', { 'x-fullpath': '/in/a+b.txt', 'time-taken': '3120' }),
  cmd('stor', 'x', '226'),
  cmd('MKD', 'dir', '257'),
  cmd('OPTS', 'UTF8+ON'),
  ...['-5', 'abc', '+5', '', '00012', '1234567890123456'].map((s) => line({ 'sc-win32-status': s })),
  line({ 'sc-substatus': '-', 'sc-win32-status': '-', 'x-custom': '-' }),
  line({ 'x-debug': 'dbg+info', 'x-custom': 'a+b' }),
  line({ 'time-taken': '999999999999999', 'sc-bytes': '-' }),
  line({ 'cs-bytes': '1234567890123456' }),
  line({ 'c-ip': '2001:db8::1', 's-ip': '-' }),
  line({ 'c-ip': '-', 's-ip': '-' }),
  line({ 'c-ip': '10.0.0.9' }),
  line({ 'c-ip': '', 'c-port': '' }),
  line({ 'c-ip': '' }),
  line({ 'cs-host': '-', 's-ip': '-', 's-port': '-' }),
  line({ 'x-session': '-', 's-sitename': '-', 's-computername': '-' }),
  `${line({})} `,
  line({}).replace(' NOOP ', ' NOOP  '),
  // IIS 5/6 (MSFTPSVC): the connection number before the verb.
  cmd('[135]USER', 'alice', '331', { 'x-session': '-' }),
  cmd('[135]PASS', 'guest@example.net', '530', { 'x-session': '-' }),
  cmd('[7]sent', '/pub/a.txt', '226', { 'x-session': '-' }),
  cmd('[7]created', 'b.txt', '226'),
  ...['[12345678901]USER', '[]USER', '[1]', '[x]USER', '[1]]USER', '1]USER'].map((m) => cmd(m, 'bob', '331')),
  // Addresses that are not IP addresses: kept as text, never in an ip field.
  ...['123.456.789.0', 'ip1', 'fe80::1%eth0', '01.2.3.4', '::ffff:192.0.2.7', '1:2:3:4:5:6:7:8:9', '::'].map(
    (ip) => line({ 'c-ip': ip, 's-ip': ip }),
  ),
  // Blanks: runs, tabs, leading and trailing ones.
  line({}).replace(/ /g, '\t'),
  ` \t${line({})}\t `,
  line({}).replace(/ /g, '   '),
  'garbage password=hunter2 "pass word" and PASS: "quoted secret" x',
  `${line({ 'cs-method': 'PASS', 'cs-uri-stem': 'hunter2' })} extra`,
];
