import { InvalidArgumentError } from 'commander';
import { parseLogFormat } from '../../../src/cli/options';

describe('--log-format', () => {
  it('takes a LogFormat ftpsight can read, as given', () => {
    expect(parseLogFormat('%h %l %u %t "%r" %s %b')).toBe('%h %l %u %t "%r" %s %b');
  });

  it('is a usage error when the LogFormat cannot be read', () => {
    expect(() => parseLogFormat('%t %a%p %m')).toThrow(InvalidArgumentError);
    expect(() => parseLogFormat('%t %a%p %m')).toThrow(
      'Unsupported ProFTPD LogFormat: %a%p: nothing separates %a from the next variable, so its end cannot be found.',
    );
  });
});
