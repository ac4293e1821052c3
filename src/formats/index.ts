/** The log formats ftpsight reads, and how the right one is chosen for a file. */
import type { FileParser, LogFormat, LogType } from '../core/types';
import { FtpsightError } from '../core/errors';
import { iisFormat } from './iis';

const FORMATS: readonly LogFormat[] = [iisFormat];

export function supportedLogTypes(): LogType[] {
  return FORMATS.map((f) => f.name);
}

export function formatByName(name: string): LogFormat {
  const format = FORMATS.find((f) => f.name === name);
  if (format === undefined) {
    throw new FtpsightError(
      'FORMAT_UNKNOWN',
      `Unknown or unsupported log type "${name}"`,
      `Supported log types: ${supportedLogTypes().join(', ')}.`,
    );
  }
  return format;
}

/** The format whose detector is most confident about these first lines, if any is confident enough. */
export function detectFormat(firstLines: readonly string[]): LogFormat | undefined {
  let best: LogFormat | undefined;
  let bestScore = 0.5;
  for (const f of FORMATS) {
    const score = f.detect(firstLines);
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  return best;
}

/** Stands in for a file no format recognised: each of its lines is reported, none is dropped. */
export const UNRECOGNISED: FileParser = {
  parse: () => ({
    kind: 'reject',
    reason: `not a recognised FTP server log (supported: ${supportedLogTypes().join(', ')}); give --log-type if it is one`,
  }),
};
