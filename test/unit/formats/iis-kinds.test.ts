/** What kind of record an IIS line's cs-method makes: PSEUDO_COMMANDS's, or a command. */
import type { ParseOutcome } from '../../../src/core/types';
import { iisFormat } from '../../../src/formats/iis';
import { PSEUDO_COMMANDS } from '../../../src/formats/iis/parser';

function kindOf(method: string): string | undefined {
  const parser = iisFormat.open({ path: 'u_ex240514.log', stream: '.', modifiedAt: 0 });
  parser.parse('#Fields: date time c-ip c-port s-ip s-port cs-method cs-uri-stem sc-status', 1, 0);
  const outcome: ParseOutcome = parser.parse(
    `2024-05-14 00:00:00 10.0.0.9 5000 10.0.0.5 21 ${method} - 200`,
    2,
    100,
  );
  return outcome.kind === 'record' ? outcome.record.kind : undefined;
}

describe('IIS record kinds', () => {
  it.each(Object.entries(PSEUDO_COMMANDS))('%s is a %s line', (method, kind) => {
    expect(kindOf(method)).toBe(kind);
    expect(kindOf(`[135]${method}`)).toBe(kind);
  });

  it.each([
    'USER',
    'PASS',
    'RETR',
    'SENT',
    'Sent',
    'ControlChannelOpenedX',
    'DataChannelOpene',
    'toString',
    'constructor',
    '__proto__',
    'hasOwnProperty',
  ])('%s is a command', (method) => {
    expect(kindOf(method)).toBe('command');
  });
});
