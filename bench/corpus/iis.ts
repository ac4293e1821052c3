/**
 * The IIS corpus of the benchmark: src/samples/generate-iis.ts (seeded, every FTPS mode, failed logins,
 * transfers), with the session starts squeezed into a window short enough that about `concurrent`
 * sessions are open at once, and half the clients moved to IPv6 (the generator only writes IPv4).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateIis } from '../../src/samples/generate-iis';

/** What a generated session averages (measured on the generator): lines, and log-time length. */
export const LINES_PER_SESSION = 13;
export const SESSION_MS = 19_500;
/** generate-iis spreads starts over `days` days less one hour. */
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface IisCorpus {
  readonly dir: string;
  readonly paths: string[];
  readonly dataLines: number;
  readonly bytes: number;
  readonly sessions: number;
  /** Most sessions open at the same log time (first to last line). */
  readonly peakConcurrent: number;
  readonly ipv6Share: number;
}

export function writeIisCorpus(dir: string, lines: number, seed: number, concurrent: number): IisCorpus {
  const sessions = Math.max(1, Math.round(lines / LINES_PER_SESSION));
  const spreadMs = (sessions * SESSION_MS) / concurrent;
  const corpus = generateIis({ seed, sessions, days: (spreadMs + HOUR_MS) / DAY_MS });
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  let bytes = 0;
  const texts: string[] = [];
  for (const name of [...corpus.files.keys()].sort()) {
    const text = toIpv6(corpus.files.get(name) as string);
    const path = join(dir, name);
    writeFileSync(path, text);
    paths.push(path);
    texts.push(text);
    bytes += Buffer.byteLength(text);
  }
  const stats = sessionStats(texts);
  return { dir, paths, dataLines: corpus.dataLines, bytes, sessions, ...stats };
}

/** Clients whose last octet is odd become 2001:db8::a:b:c: a whole session keeps one address. */
function toIpv6(text: string): string {
  return text.replace(/^(\S+ \S+ )10\.(\d+)\.(\d+)\.(\d+) /gm, (all, head: string, a, b, c: string) =>
    Number(c) % 2 === 1 ? `${head}2001:db8::${a}:${b}:${c} ` : all,
  );
}

/** Peak overlap of [first line, last line] per x-session, and the IPv6 share of lines. */
function sessionStats(texts: readonly string[]): { peakConcurrent: number; ipv6Share: number } {
  const span = new Map<string, [number, number]>();
  let lines = 0;
  let ipv6 = 0;
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const f = line.split(' ');
      const ms = Date.parse(`${f[0]}T${f[1]}Z`);
      const s = span.get(f[12]);
      if (s === undefined) span.set(f[12], [ms, ms]);
      else s[1] = ms;
      lines++;
      if (f[2].includes(':')) ipv6++;
    }
  }
  const edges: [number, number][] = [];
  for (const [start, end] of span.values()) edges.push([start, 1], [end, -1]);
  edges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let open = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (open += delta));
  return { peakConcurrent: peak, ipv6Share: lines === 0 ? 0 : ipv6 / lines };
}
