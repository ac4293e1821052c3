/** Options that describe the logs being read, the same for `scan` and `ship`. */
import { Option } from 'commander';
import { LOG_TYPES } from '../core/types';
import { parseLogFormat, parsePort } from './options';

/** What kind of log, and what the log itself cannot show about its listener. */
export function sourceOptions(): Option[] {
  return [
    new Option('-t, --log-type <type>', 'kind of log (detected per file when absent)').choices([
      ...LOG_TYPES,
    ]),
    new Option(
      '--log-format <format>',
      'the LogFormat of ProFTPD ExtendedLog files, as in proftpd.conf (see docs/formats.md)',
    ).argParser(parseLogFormat),
    new Option(
      '--implicit',
      'declare that every session in these logs was on an implicit-TLS listener (for logs that show no port)',
    ),
    new Option('--server-port <port>', 'declare the listener port, for logs that show none').argParser(
      parsePort,
    ),
  ];
}
