/**
 * A ProFTPD LogFormat string compiled once into a line layout: a literal prefix, then variables each
 * followed by the literal text up to the next one. match.ts splits lines along it by index scans.
 */
import {
  environmentVariable,
  LETTER_VARIABLES,
  NAMED_VARIABLES,
  unknownVariable,
  type Target,
  type VariableSpec,
} from './variables';

export interface Slot {
  /** The variable as written in the LogFormat ("%a", "%{remote-port}"), for messages. */
  readonly directive: string;
  readonly spec: VariableSpec;
  /** The literal text between this variable and the next one (or the end of the line). */
  readonly after: string;
}

export interface Layout {
  /** The LogFormat string it was compiled from. */
  readonly format: string;
  readonly prefix: string;
  readonly slots: readonly Slot[];
  /** The slot of each target (the first one, when a target appears twice). */
  readonly index: Readonly<Partial<Record<Target, number>>>;
  /** Slots whose values are kept in FtpRecord.extra (by name). */
  readonly kept: readonly number[];
  /** Slots that may hold a secret: %A, and the argument in %J and %r. */
  readonly sensitive: readonly number[];
}

const KEPT: ReadonlySet<Target> = new Set(['extra', 'protocol', 'remote_host']);
const SENSITIVE: ReadonlySet<Target> = new Set(['anonymous_password', 'arguments', 'request']);

/** ProFTPD's built-in LogFormat "default" (ExtendedLog files without a format nickname). */
export const PROFTPD_DEFAULT_LOG_FORMAT = '%h %l %u %t "%r" %s %b';

/**
 * The LogFormat docs/formats.md recommends: it carries the session (PID), both endpoints with ports, the
 * control channel's protocol (ftp/ftps), the command with its reply, and leaves out %A (the anonymous
 * e-mail, a secret).
 */
export const RECOMMENDED_LOG_FORMAT =
  '%{iso8601} [%P] %a:%{remote-port} -> %L:%p %{protocol} user="%u" cmd="%m" args="%J" code=%s ' +
  'response="%S" file="%f" bytes=%b xfer_status=%{transfer-status} eos="%E"';

const TIME_TARGETS: readonly Target[] = ['time_iso', 'time_clf', 'time_epoch'];

interface Token {
  readonly directive: string;
  readonly spec: VariableSpec;
}

/** Accepts the format as in the manifest, or a whole `LogFormat name "..."` line copied from proftpd.conf. */
export function normalizeLogFormat(text: string): string {
  let s = text.trim();
  const directive = /^LogFormat\s+\S+\s+(".*")$/i.exec(s);
  if (directive !== null) s = directive[1];
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    s = s.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return s;
}

/** Reads the variable at text[at] === '%'; returns it and where the text continues, or an error. */
function readVariable(text: string, at: number): { token: Token; next: number } | { error: string } {
  const c = text[at + 1];
  if (c === undefined) return { error: 'the LogFormat ends with a lone "%"' };
  if (c !== '{') {
    const spec = LETTER_VARIABLES[c] ?? unknownVariable(c);
    return { token: { directive: `%${c}`, spec }, next: at + 2 };
  }
  const close = text.indexOf('}', at + 2);
  if (close < 0) return { error: `"${text.slice(at)}" has no closing "}"` };
  const name = text.slice(at + 2, close);
  const known = NAMED_VARIABLES[name];
  if (known !== undefined) return { token: { directive: `%{${name}}`, spec: known }, next: close + 1 };
  const suffix = text[close + 1];
  if (suffix === 'e') {
    return { token: { directive: `%{${name}}e`, spec: environmentVariable(name) }, next: close + 2 };
  }
  if (suffix === 't') {
    return {
      error: `%{${name}}t (a time in a custom strftime format) is not supported: use %t or %{iso8601}`,
    };
  }
  return { token: { directive: `%{${name}}`, spec: unknownVariable(name) }, next: close + 1 };
}

/** A variable that ends where its own shape ends, so it needs no separator after it. */
function selfDelimiting(spec: VariableSpec): boolean {
  return spec.shape === 'clf_time' || spec.shape === 'iso_time';
}

/** Compiles a LogFormat (see normalizeLogFormat); the error says what is wrong and what to do. */
export function compileLayout(text: string): { layout: Layout } | { error: string } {
  const format = normalizeLogFormat(text);
  if (format === '') return { error: 'the LogFormat is empty' };
  const tokens: Token[] = [];
  const literals: string[] = [''];
  for (let i = 0; i < format.length;) {
    if (format[i] !== '%') {
      const next = format.indexOf('%', i);
      const end = next < 0 ? format.length : next;
      literals[literals.length - 1] += format.slice(i, end);
      i = end;
    } else if (format[i + 1] === '%') {
      literals[literals.length - 1] += '%';
      i += 2;
    } else {
      const read = readVariable(format, i);
      if ('error' in read) return read;
      tokens.push(read.token);
      literals.push('');
      i = read.next;
    }
  }
  return layoutOf(format, tokens, literals);
}

function layoutOf(
  format: string,
  tokens: Token[],
  literals: string[],
): { layout: Layout } | { error: string } {
  const slots: Slot[] = [];
  const index: Partial<Record<Target, number>> = {};
  const kept: number[] = [];
  const sensitive: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const { directive, spec } = tokens[i];
    const after = literals[i + 1];
    if (after === '' && i < tokens.length - 1 && !selfDelimiting(spec)) {
      return {
        error: `${directive}${tokens[i + 1].directive}: nothing separates ${directive} from the next variable, so its end cannot be found`,
      };
    }
    slots.push({ directive, spec, after });
    index[spec.target] ??= i;
    if (KEPT.has(spec.target)) kept.push(i);
    if (SENSITIVE.has(spec.target)) sensitive.push(i);
  }
  if (!TIME_TARGETS.some((t) => index[t] !== undefined)) {
    return { error: 'the LogFormat has no time (%t, %{iso8601} or %{epoch}), which every line needs' };
  }
  if (index.command === undefined && index.request === undefined) {
    return { error: 'the LogFormat has neither %m nor %r, so the FTP commands cannot be seen' };
  }
  return { layout: { format, prefix: literals[0], slots, index, kept, sensitive } };
}

/** The error of a LogFormat string, or undefined when ftpsight can read it (for config validation). */
export function logFormatError(text: string): string | undefined {
  const compiled = compileLayout(text);
  return 'error' in compiled ? `Unsupported ProFTPD LogFormat: ${compiled.error}.` : undefined;
}
