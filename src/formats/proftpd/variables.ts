/**
 * The ProFTPD LogFormat variables ftpsight reads (mod_log's documentation), what their values look like
 * and where they go in an FtpRecord. Variables it does not know are kept as free text in `extra`.
 */

/**
 * What a value may contain, so a line is split at the right place when a separator also occurs inside
 * a value: `token` has no blank, `int` is digits (or "-"), `number` digits with a fraction, the two
 * times have a fixed shape, `text` is anything.
 */
export type Shape = 'token' | 'text' | 'int' | 'number' | 'clf_time' | 'iso_time';

/** Where a value goes; `extra` keeps it under its name in FtpRecord.extra. */
export type Target =
  | 'time_clf'
  | 'time_iso'
  | 'time_epoch'
  | 'millisecs'
  | 'client_ip'
  | 'remote_host'
  | 'client_port'
  | 'server_ip'
  | 'server_port'
  | 'session_id'
  | 'user'
  | 'command'
  | 'request'
  | 'arguments'
  | 'status'
  | 'bytes'
  | 'file'
  | 'client_file'
  | 'seconds_taken'
  | 'millis_taken'
  | 'protocol'
  | 'anonymous_password'
  | 'site'
  | 'server_name'
  | 'extra';

export interface VariableSpec {
  readonly shape: Shape;
  readonly target: Target;
  /** The name of the value in FtpRecord.extra (ftpsight.proftpd.* in ECS). */
  readonly name: string;
}

const v = (shape: Shape, target: Target, name: string): VariableSpec => ({ shape, target, name });

/** `%x` variables. */
export const LETTER_VARIABLES: Readonly<Record<string, VariableSpec>> = {
  a: v('token', 'client_ip', 'remote_ip'),
  A: v('text', 'anonymous_password', 'anonymous_password'),
  b: v('int', 'bytes', 'bytes'),
  c: v('text', 'extra', 'class'),
  d: v('text', 'extra', 'directory'),
  D: v('text', 'extra', 'directory_path'),
  E: v('text', 'extra', 'end_of_session'),
  f: v('text', 'file', 'file'),
  F: v('text', 'client_file', 'client_file'),
  g: v('text', 'extra', 'group'),
  h: v('token', 'remote_host', 'remote_host'),
  I: v('int', 'extra', 'bytes_in'),
  J: v('text', 'arguments', 'arguments'),
  l: v('text', 'extra', 'ident'),
  L: v('token', 'server_ip', 'local_ip'),
  m: v('token', 'command', 'command'),
  O: v('int', 'extra', 'bytes_out'),
  p: v('int', 'server_port', 'local_port'),
  P: v('int', 'session_id', 'pid'),
  r: v('text', 'request', 'request'),
  R: v('number', 'extra', 'response_ms'),
  s: v('int', 'status', 'status'),
  S: v('text', 'extra', 'response'),
  t: v('clf_time', 'time_clf', 'time'),
  T: v('number', 'seconds_taken', 'seconds'),
  u: v('text', 'user', 'user'),
  U: v('text', 'extra', 'original_user'),
  v: v('text', 'site', 'server_name'),
  V: v('token', 'server_name', 'dns_name'),
  w: v('text', 'extra', 'rename_from'),
};

/** `%{name}` variables. */
export const NAMED_VARIABLES: Readonly<Record<string, VariableSpec>> = {
  iso8601: v('iso_time', 'time_iso', 'time'),
  epoch: v('int', 'time_epoch', 'epoch'),
  millisecs: v('int', 'millisecs', 'millisecs'),
  'remote-port': v('int', 'client_port', 'remote_port'),
  protocol: v('token', 'protocol', 'protocol'),
  'transfer-status': v('token', 'extra', 'transfer_status'),
  'transfer-failure': v('text', 'extra', 'transfer_failure'),
  'transfer-millisecs': v('int', 'millis_taken', 'transfer_millisecs'),
  'transfer-type': v('token', 'extra', 'transfer_type'),
  'file-size': v('int', 'extra', 'file_size'),
  'file-offset': v('int', 'extra', 'file_offset'),
  uid: v('int', 'extra', 'uid'),
  gid: v('int', 'extra', 'gid'),
};

/** A variable ftpsight does not know: kept verbatim under its own name. */
export function unknownVariable(name: string): VariableSpec {
  return v('text', 'extra', name);
}

/** `%{NAME}e`: an environment variable of the session. */
export function environmentVariable(name: string): VariableSpec {
  return v('text', 'extra', `env.${name}`);
}
