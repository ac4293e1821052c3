/**
 * Options that describe the logs being read, and how their sessions are followed: `scan`, `exposures`,
 * `ship`, `sessions rebuild`.
 */
import type { Option } from 'commander';
import { LOG_TYPES } from '../core/types';
import {
  checkPositiveDuration,
  parseList,
  parseLogFormat,
  parsePort,
  parsePortList,
  parsePositiveInt,
} from './options';
import { settingOption } from './settings';

/** What kind of log, and what the log itself cannot show about its listener. */
export function sourceOptions(): Option[] {
  return [
    settingOption(
      '-t, --log-type <type>',
      'kind of log (detected per file when absent)',
      'source.log_type',
    ).choices([...LOG_TYPES]),
    settingOption(
      '--log-format <format>',
      'the LogFormat of ProFTPD ExtendedLog files, as in proftpd.conf (see docs/formats.md)',
      'source.log_format',
    ).argParser(parseLogFormat),
    settingOption(
      '--implicit',
      'declare that every session in these logs was on an implicit-TLS listener (for logs that show no port)',
      'source.implicit',
    ),
    settingOption(
      '--server-port <port>',
      'declare the listener port, for logs that show none',
      'source.server_port',
    ).argParser(parsePort),
  ];
}

/** The implicit-TLS listeners: every command that follows sessions or writes the evidence takes it. */
export function implicitPortsOption(): Option {
  return settingOption(
    '--implicit-ports <ports>',
    'server ports whose listeners are implicit TLS',
    'sessions.implicit_ports',
  ).argParser(parsePortList);
}

/** How long a session may stay silent: the same check everywhere (zero would close every session at once). */
export function idleTimeoutOption(): Option {
  return settingOption(
    '--idle-timeout <duration>',
    'close a session after this long without a line (90s, 15m, 1h)',
    'sessions.idle_timeout',
  ).argParser(checkPositiveDuration);
}

/** How sessions are followed, for the commands that read log files with no engine: `scan`, `exposures`. */
export function sessionOptions(): Option[] {
  return [
    implicitPortsOption(),
    idleTimeoutOption(),
    settingOption(
      '--max-sessions <n>',
      'cap on open sessions; the least recently active are closed beyond it',
      'sessions.max_sessions',
    ).argParser(parsePositiveInt),
    settingOption(
      '--anonymous-users <names>',
      'user names that mean an anonymous login',
      'sessions.anonymous_users',
    ).argParser(parseList),
  ];
}
