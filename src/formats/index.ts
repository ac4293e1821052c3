/** The log formats ftpsight reads, and how the right one is chosen for a file. */
import type { FileParser, FormatOptions, LogFormat, LogType } from '../core/types';
import { FtpsightError } from '../core/errors';
import { iisFormat } from './iis';
import { proftpdExtendedFormat } from './proftpd';
import { proftpdTlsFormat } from './proftpd/tlslog';
import { proftpdSystemFormat } from './proftpd/systemlog';
import { proftpdSyslogFormat } from './proftpd/syslog';
import { filezillaFormat } from './filezilla';
import { vsftpdFormat } from './vsftpd';
import { pureftpdFormat } from './pureftpd';
import { withoutBlanks } from './blanks';

export { logFormatError } from './proftpd';

const FORMATS: readonly LogFormat[] = [
  iisFormat,
  proftpdExtendedFormat,
  proftpdTlsFormat,
  proftpdSystemFormat,
  proftpdSyslogFormat,
  filezillaFormat,
  vsftpdFormat,
  pureftpdFormat,
];

export function supportedLogTypes(): LogType[] {
  return FORMATS.map((f) => f.name);
}

function configured(format: LogFormat, options: FormatOptions): LogFormat {
  return format.configure?.(options) ?? format;
}

/** The format of this name, set up with the options (the LogFormat the user gave for ProFTPD). */
export function formatByName(name: string, options: FormatOptions = {}): LogFormat {
  const format = FORMATS.find((f) => f.name === name);
  if (format === undefined) {
    throw new FtpsightError(
      'FORMAT_UNKNOWN',
      `Unknown or unsupported log type "${name}"`,
      `Supported log types: ${supportedLogTypes().join(', ')}.`,
    );
  }
  return configured(format, options);
}

/** The format whose detector is most confident about these first lines, if any is confident enough. */
export function detectFormat(
  firstLines: readonly string[],
  options: FormatOptions = {},
): LogFormat | undefined {
  return detectAmong(supportedLogTypes(), firstLines, options);
}

function detectAmong(
  names: readonly LogType[],
  firstLines: readonly string[],
  options: FormatOptions,
): LogFormat | undefined {
  let best: LogFormat | undefined;
  let bestScore = 0.5;
  // Detectors see lines as the parsers read them: without surrounding blanks (blanks.ts).
  const lines = firstLines.map(withoutBlanks);
  for (const format of FORMATS) {
    if (!names.includes(format.name)) continue;
    const f = configured(format, options);
    const score = f.detect(lines);
    if (score > bestScore) {
      best = f;
      bestScore = score;
      // No later format can score above 1 (LogFormat.detect), and a tie keeps the first: the rest need not
      // look. An IIS log, the most common, scores 1 from its #Fields: line, and ProFTPD's detector alone
      // cost ship's and scan's start-up 7 ms of CPU on it, matching each line against its layouts cold.
      if (bestScore >= 1) break;
    }
  }
  return best;
}

/**
 * The format of a file from its first lines: the one forced (or, when the forced format has
 * companions, whichever of the family fits: `--log-type proftpd` still reads its TLSLog as a TLSLog),
 * else the detected one.
 */
export function chooseFormat(
  forced: LogFormat | undefined,
  firstLines: readonly string[],
  options: FormatOptions = {},
): LogFormat | undefined {
  if (forced?.companions === undefined) return forced ?? detectFormat(firstLines, options);
  // On a tie the forced format wins: it comes first among the formats.
  const best = detectAmong([forced.name, ...forced.companions], firstLines, options);
  return best === undefined || best.name === forced.name ? forced : best;
}

/** Stands in for a file no format recognised: each of its lines is reported, none is dropped. */
export const UNRECOGNISED: FileParser = {
  parse: () => ({
    kind: 'reject',
    reason: `not a recognised FTP server log (supported: ${supportedLogTypes().join(', ')}); give --log-type if it is one`,
  }),
};
