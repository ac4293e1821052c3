/**
 * Parse-only corpora for the other formats: the real logs of test/fixtures/<format>/ (captured from
 * the servers themselves) repeated until the corpus holds the asked number of lines. Parsers read one
 * line at a time with no cross-line state worth measuring, so repetition keeps the line mix honest.
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../paths';

export interface ReplicaSpec {
  readonly logType: 'vsftpd' | 'proftpd' | 'pureftpd';
  /** Fixture files to take: those with no options, or those sharing the one LogFormat below. */
  readonly pick: (name: string) => boolean;
  readonly logFormat?: string;
}

export function replicaSpecs(): ReplicaSpec[] {
  // The case's scan flags (test/support/golden.ts): its LogFormat follows --log-format.
  const { flags } = JSON.parse(
    readFileSync(join(FIXTURES, 'proftpd/real-a-plain-login.options.json'), 'utf8'),
  ) as { flags: string[] };
  return [
    { logType: 'vsftpd', pick: (n) => valid('vsftpd', n) && !hasOptions('vsftpd', n) },
    // The real-* captures (test/realftp) that share one LogFormat, the one of their options file.
    {
      logType: 'proftpd',
      pick: (n) => n.startsWith('real-') && hasOptions('proftpd', n),
      logFormat: flags[flags.indexOf('--log-format') + 1],
    },
    { logType: 'pureftpd', pick: (n) => valid('pureftpd', n) && !hasOptions('pureftpd', n) },
  ];
}

/** Fixtures with malformed lines (their golden lists some) measure the reject path, not the parser's usual work. */
function valid(format: string, logName: string): boolean {
  const expected = join(FIXTURES, format, logName.replace(/\.log$/, '.expected.json'));
  if (!existsSync(expected)) return false;
  return (JSON.parse(readFileSync(expected, 'utf8')) as { malformed: unknown[] }).malformed.length === 0;
}

function hasOptions(format: string, logName: string): boolean {
  return existsSync(join(FIXTURES, format, logName.replace(/\.log$/, '.options.json')));
}

/** Writes `lines` lines of the spec's fixtures into `path`; returns the line and byte counts. */
export function writeReplica(
  spec: ReplicaSpec,
  path: string,
  lines: number,
): { lines: number; bytes: number } {
  const dir = join(FIXTURES, spec.logType);
  const source: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.log') || !spec.pick(name)) continue;
    const text = readFileSync(join(dir, name), 'utf8');
    // The pick keeps the files of one layout; a stray CR-only log would break the line count.
    for (const line of text.split('\n')) if (line.trim() !== '') source.push(line);
  }
  if (source.length === 0) throw new Error(`no ${spec.logType} fixture lines picked`);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(source[i % source.length]);
  const text = out.join('\n') + '\n';
  writeFileSync(path, text);
  return { lines, bytes: Buffer.byteLength(text) };
}
