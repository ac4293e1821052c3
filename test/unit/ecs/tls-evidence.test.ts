/** ftpsight.ftp.tls_evidence: what one IIS line proves about FTPS, following the state machine's rules. */
import type { FtpRecord } from '../../../src/core/types';
import { tlsEvidence } from '../../../src/ecs/tls-evidence';

const record = (command: string, argument: string | undefined, status: number | undefined, serverPort = 21) =>
  ({ kind: 'command', command, argument, status, serverPort }) as FtpRecord;
const implicit = new Set([990]);

describe('tlsEvidence', () => {
  it.each([
    ['AUTH', 'TLS', 234, ['auth_accepted']],
    ['auth', ' tls-c ', 234, ['auth_accepted']],
    ['AUTH', 'SSL', 534, ['auth_refused']],
    ['AUTH', 'TLS', 431, ['auth_refused']],
    ['AUTH', 'TLS', 334, undefined],
    ['AUTH', 'GSSAPI', 234, undefined],
    ['PROT', 'P', 200, ['prot_private']],
    ['PROT', 'E', 200, ['prot_private']],
    ['PROT', 'c', 200, ['prot_clear']],
    ['PROT', 'P', 536, undefined],
    ['PROT', undefined, 200, undefined],
    ['CCC', undefined, 200, ['ccc_accepted']],
    ['CCC', undefined, 500, undefined],
    ['AUTH', 'TLS', undefined, undefined],
    ['USER', 'bob', 331, undefined],
  ])('%s %s answered %s: %j', (verb, arg, status, expected) => {
    expect(tlsEvidence(record(verb, arg, status), implicit)).toEqual(expected);
  });

  it('marks every line on an implicit-TLS port, with the command evidence after it', () => {
    expect(tlsEvidence(record('USER', 'bob', 331, 990), implicit)).toEqual(['implicit_port']);
    expect(tlsEvidence(record('PROT', 'P', 200, 990), implicit)).toEqual(['implicit_port', 'prot_private']);
    expect(tlsEvidence({ kind: 'control_open', serverPort: 990 } as FtpRecord, implicit)).toEqual([
      'implicit_port',
    ]);
    expect(tlsEvidence(record('USER', 'bob', 331, 9990), implicit)).toBeUndefined();
  });
});
