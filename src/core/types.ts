/**
 * Types shared by every stage of the data path:
 *   sources (lines) → formats (FtpRecord) → sessions (SessionEvent, SessionSummary) → ecs (documents) → sinks
 */

export const LOG_TYPES = [
  'iis',
  'vsftpd',
  'proftpd',
  /** ProFTPD's TLSLog (mod_tls). */
  'proftpd_tls',
  /** ProFTPD's SystemLog. */
  'proftpd_system',
  /** ProFTPD through syslog (or a SystemLog before 1.3.6, with syslog stamps). */
  'proftpd_syslog',
  'pureftpd',
  'filezilla',
] as const;
export type LogType = (typeof LOG_TYPES)[number];

/** Where a line came from. One object per input file, shared by all of its lines. */
export interface SourceFile {
  /** Path as given or expanded ("-" for stdin). */
  readonly path: string;
  /**
   * Clock domain: lines of one stream are in time order (one server's log directory).
   * Sessions never span two streams, and idle timeouts are judged per stream.
   */
  readonly stream: string;
  /** Stable identity of the file content (survives rename); filled by sources that can know it. */
  readonly identity?: string;
  /** What the user declared about this source that its log cannot show. */
  readonly declared?: SourceDeclarations;
  /** Settings of this source's format that its lines do not carry (ProFTPD's LogFormat). */
  readonly formatOptions?: FormatOptions;
  /**
   * Epoch ms of the file's last modification when it was listed (the current time for stdin). Logs
   * that write dates without a year (traditional syslog) are dated by it: no line is later than it.
   */
  readonly modifiedAt?: number;
}

/** Facts a log cannot show (vsftpd logs no listener port), declared per source by the user. */
export interface SourceDeclarations {
  /** Every session of this source was on an implicit-TLS listener. */
  readonly implicit?: boolean;
  /** The listener port, for logs that do not write one. */
  readonly serverPort?: number;
}

/** One source the user named: paths (files, folders, globs) with what they say about them. */
export interface SourceInput {
  readonly paths: readonly string[];
  readonly logType?: LogType;
  readonly declared?: SourceDeclarations;
  readonly formatOptions?: FormatOptions;
}

/** A batch of lines from one file: the unit that crosses async boundaries (cheap per line). */
export interface LineBatch {
  readonly file: SourceFile;
  /** Line texts without the line terminator (CR/LF) and without a leading BOM. */
  readonly lines: string[];
  /** Byte offset of each line's first byte in the (decompressed) file. */
  readonly offsets: number[];
  /** 1-based line number of lines[0]. */
  readonly firstLine: number;
  /** Byte offset just past the last line of this batch (where reading resumes). */
  readonly endOffset: number;
  /** True when lines[lines.length - 1] had no line terminator (file ended mid-line). */
  readonly unterminatedLast: boolean;
  /**
   * Indexes of lines longer than MAX_LINE_BYTES: their text is only the first MAX_LINE_BYTES bytes,
   * so they are reported, not parsed. Absent when there are none.
   */
  readonly tooLong?: readonly number[];
}

/** What a line means to the FTP state machine. */
export type RecordKind =
  /** A client command; `status` is set when the same line also carries the reply (IIS). */
  | 'command'
  /** A server reply on its own line (vsftpd, Pure-FTPd); it answers the pending command. */
  | 'reply'
  | 'control_open'
  | 'control_close'
  | 'data_open'
  | 'data_close'
  /** A completed data transfer reported on its own line (xferlog-style). */
  | 'transfer'
  /** TLS established on the control channel, as seen by a server's TLS log. */
  | 'tls_established'
  /**
   * A server message about the session that is neither a command nor a reply (vsftpd `OK LOGIN`,
   * Pure-FTPd `[INFO]` lines): kept as an event, it changes no FTPS state.
   */
  | 'notice';

/** One parsed log line, normalized across server formats. Parsers never throw; they return rejects. */
export interface FtpRecord {
  readonly file: SourceFile;
  readonly line: number;
  readonly offset: number;
  /** Epoch milliseconds, UTC. */
  readonly timestamp: number;
  readonly kind: RecordKind;
  /** Verb as logged for commands ("USER", "AUTH"), or the pseudo-command name ("ControlChannelOpened"). */
  readonly command?: string;
  /** Command argument, decoded; PASS arguments are already redacted. */
  readonly argument?: string;
  /** FTP reply code. */
  readonly status?: number;
  /** An IP address (formats/addresses.ts moves anything else to clientAddress). */
  readonly clientIp?: string;
  readonly clientPort?: number;
  readonly serverIp?: string;
  readonly serverPort?: number;
  /**
   * The address as logged when it is not an IP address: a host name (reverse lookups), a placeholder
   * (IIS `ip1`), a corrupt value. Kept as text (ECS source.address), never in an `ip` field.
   */
  readonly clientAddress?: string;
  readonly serverAddress?: string;
  /** Logical site / virtual server (IIS s-sitename). */
  readonly site?: string;
  /** Machine name of the server (IIS s-computername). */
  readonly serverName?: string;
  /** Host name the client asked for (FTP HOST command, IIS cs-host). */
  readonly serverDomain?: string;
  /** Server-side session identifier (IIS x-session, a process id for forking servers). */
  readonly sessionId?: string;
  /** User name as logged on the line. */
  readonly user?: string;
  /** Server to client bytes. */
  readonly bytesSent?: number;
  /** Client to server bytes. */
  readonly bytesReceived?: number;
  /** Milliseconds. */
  readonly timeTaken?: number;
  readonly filePath?: string;
  /** Format-specific fields that have no normalized home, by their log name. */
  readonly extra?: Readonly<Record<string, string>>;
  /**
   * The server says the control channel was protected by TLS when it wrote this line (ProFTPD's
   * %{protocol} "ftps", a TLS handshake logged before the greeting), or not (`false`: "ftp"). Seen before
   * any command, TLS proves an implicit listener whatever the port; in a session whose opening was not
   * seen, either value tells the channel's state from there on.
   */
  readonly tls?: boolean;
  /**
   * The server closes the control connection right after this line (vsftpd's refusal "530
   * Non-anonymous sessions must use encryption.", Pure-FTPd's last reply after "Logout."): the
   * session ends here, as at a control_close line.
   */
  readonly closesControl?: boolean;
  /**
   * The server's own word on a login, on a line of its own (vsftpd `OK LOGIN` / `FAIL LOGIN`), whether
   * or not the log shows the USER and PASS it answers.
   */
  readonly loginResult?: 'success' | 'failure';
  /**
   * Evidence from a server's secondary log (ProFTPD's TLSLog, SystemLog): it joins the open session of
   * its server process (sessionId), or waits for that session's first line, and never opens or closes
   * one, so a session logged twice is not counted twice.
   */
  readonly auxiliary?: boolean;
  /**
   * The line comes from a log that does not record the FTP commands (vsftpd without
   * log_ftp_protocol, an xferlog): a session seen only through such lines cannot show AUTH, PROT,
   * USER or PASS, so its verdicts are unknown rather than "none".
   */
  readonly withoutProtocol?: true;
  /**
   * The server that wrote the line has no TLS at all (IIS 5 and 6, the MSFTPSVC service): its control
   * and data channels were clear from the first byte, so `tls_mode: none` is proven and every USER and
   * PASS it logged crossed in the clear, even where the session's opening was not seen.
   */
  readonly withoutTls?: true;
  /**
   * The log writes no line when a connection opens (IIS 5/6; a ProFTPD ExtendedLog without the CONNECT
   * class): a session whose first line is a command a client sends before logging in (USER, AUTH, FEAT)
   * is taken as opened there. Elsewhere only a control_open line shows a session's opening.
   */
  readonly connectUnlogged?: true;
  /**
   * The log writes a line for every TLS handshake on the control channel, at any verbosity (Pure-FTPd's
   * `[INFO] TLS: Enabled`): where none came before a login, the login crossed in the clear.
   */
  readonly handshakesLogged?: true;
  /**
   * What the client must have sent for the login result on this line (loginResult): `password` (USER and
   * PASS) or `username` (USER alone: Pure-FTPd logs anonymous users in on USER).
   */
  readonly loginCredentials?: 'username' | 'password';
  /** The raw line with secrets redacted. */
  readonly original: string;
  /** A text field was longer than MAX_FIELD_CHARS and was cut to it (src/formats/field-cap.ts). */
  readonly truncated?: boolean;
}

/** A line that could not be parsed. It is counted, reported and dead-lettered, never dropped silently. */
export interface Rejected {
  readonly file: SourceFile;
  readonly line: number;
  readonly offset: number;
  readonly reason: string;
  /** The raw line with secrets redacted (for the dead-letter output only, never printed). */
  readonly original: string;
}

/**
 * A file left out as a whole (or from where reading failed): reported once, with its reason, instead of
 * line by line. `unreadable`: an I/O error (an error: the files around it may have lost lines of their
 * sessions); `not_a_log`: its first lines do not read as a log of its type (a notes.txt in a log folder,
 * or a log given the wrong --log-type).
 */
export interface FileProblem {
  readonly file: SourceFile;
  readonly kind: 'unreadable' | 'not_a_log';
  readonly reason: string;
}

export type ParseOutcome =
  | { readonly kind: 'record'; readonly record: FtpRecord }
  | { readonly kind: 'skip' }
  | { readonly kind: 'reject'; readonly reason: string };

/** A format parser bound to one file: it may hold per-file state such as IIS's #Fields layout. */
export interface FileParser {
  parse(line: string, lineNumber: number, offset: number): ParseOutcome;
  /**
   * Lines that bring a fresh parser of this format to this one's state when parsed first (IIS: the
   * last #Fields and #Date directives). A shipper stores them with its checkpoint to resume mid-file.
   * Stateless parsers leave it out.
   */
  context?(): readonly string[];
}

/** Settings a format needs that its lines do not carry, from the command line or the config file. */
export interface FormatOptions {
  /** The LogFormat of ProFTPD ExtendedLog files (as in proftpd.conf). */
  readonly logFormat?: string;
}

export interface LogFormat {
  readonly name: LogType;
  readonly description: string;
  /** Returns a score in [0, 1] saying how likely these first lines are of this format. */
  detect(firstLines: readonly string[]): number;
  open(file: SourceFile): FileParser;
  /** This format set up with the user's options (formats that take none leave it out). */
  configure?(options: FormatOptions): LogFormat;
  /** The server's other logs, still recognised in a folder when the user forces this format. */
  readonly companions?: readonly LogType[];
}
