/** ProFTPD's ExtendedLog, read with the server's LogFormat (or ProFTPD's default and ftpsight's recommended one). */
import type { FormatOptions, LogFormat, SourceFile } from '../../core/types';
import { FtpsightError } from '../../core/errors';
import { ExtendedLogParser } from './extended';
import { compileLayout, PROFTPD_DEFAULT_LOG_FORMAT, RECOMMENDED_LOG_FORMAT, type Layout } from './layout';
import { matchLayout } from './match';
import { blankTolerant } from '../blanks';

export { logFormatError, PROFTPD_DEFAULT_LOG_FORMAT, RECOMMENDED_LOG_FORMAT } from './layout';

/** Request verbs of other protocols: ProFTPD's default LogFormat is also Apache's common log format. */
const HTTP_VERBS: ReadonlySet<string> = new Set(['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);

function compile(format: string): Layout {
  const compiled = compileLayout(format);
  if ('error' in compiled) {
    throw new FtpsightError(
      'USAGE',
      `Unsupported ProFTPD LogFormat: ${compiled.error}.`,
      'Give the LogFormat of the ExtendedLog exactly as in proftpd.conf (see docs/formats.md).',
    );
  }
  return compiled.layout;
}

/** The share of non-empty lines that follow one of the layouts (and are not HTTP requests). */
function score(layouts: readonly Layout[], lines: readonly string[]): number {
  const starts: number[] = [];
  const ends: number[] = [];
  let total = 0;
  let matched = 0;
  for (const line of lines) {
    if (line.length === 0) continue;
    total++;
    const layout = layouts.find((l) => matchLayout(l, line, starts, ends));
    if (layout === undefined) continue;
    const r = layout.index.request;
    const request = r === undefined ? '' : line.slice(starts[r], ends[r]);
    if (!HTTP_VERBS.has(request.split(' ', 1)[0])) matched++;
  }
  return total === 0 ? 0 : matched / total;
}

function proftpdFormat(layouts: readonly Layout[]): LogFormat {
  return {
    name: 'proftpd',
    description: 'ProFTPD ExtendedLog, laid out by its LogFormat (--log-format)',
    detect: (firstLines) => score(layouts, firstLines),
    open: (file: SourceFile) => blankTolerant(new ExtendedLogParser(file, layouts)),
    configure: configured,
    companions: ['proftpd_tls', 'proftpd_system'],
  };
}

/** Formats already built, by LogFormat: detection configures the format once per file. */
const byLogFormat = new Map<string, LogFormat>();

function configured(options: FormatOptions): LogFormat {
  if (options.logFormat === undefined) return proftpdExtendedFormat;
  let format = byLogFormat.get(options.logFormat);
  if (format === undefined) {
    format = proftpdFormat([compile(options.logFormat)]);
    if (byLogFormat.size >= 100) byLogFormat.clear();
    byLogFormat.set(options.logFormat, format);
  }
  return format;
}

/** Without a LogFormat from the user: ProFTPD's built-in default, then the one docs/formats.md recommends. */
export const proftpdExtendedFormat: LogFormat = proftpdFormat([
  compile(PROFTPD_DEFAULT_LOG_FORMAT),
  compile(RECOMMENDED_LOG_FORMAT),
]);
