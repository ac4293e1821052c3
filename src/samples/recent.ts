/**
 * Sample logs for the last days, ending now: what `ftpsight samples` writes, and what the compose stack ships
 * on its first start, so that the dashboards show data in their default time range whenever the stack comes
 * up. One file per day and format, as the servers rotate them: IIS `iis/FTPSVC2/u_exYYMMDD.log` and ProFTPD
 * `proftpd/ftpsight.log-YYYYMMDD` (logrotate's dateext). A day's file is written once and never rewritten,
 * so a later run adds the days since the last one and a shipper following the folder reads each line once.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { generateIis } from './generate-iis';
import { generateProftpd } from './generate-proftpd';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Sessions start no later than this before midnight (and before now): their lines stay in their day's file. */
const MARGIN_MS = 5 * 60_000;

/** Written in the folder it fills: the folder may be topped up later, and holds nothing of anyone else's. */
export const SAMPLES_MARKER = '.ftpsight-samples';

export interface RecentSamplesOptions {
  readonly days: number;
  readonly sessionsPerDay: number;
  readonly seed: number;
  /** The end of the last day's sessions (epoch ms); the clock, but for tests. */
  readonly nowMs: number;
}

export interface RecentSamplesResult {
  /** Files written by this run, relative to the folder. */
  readonly written: string[];
  /** Days whose files were already there. */
  readonly kept: number;
  /** Why nothing was written, when the folder holds someone else's files. */
  readonly refused?: string;
}

const yymmdd = (day: string) => day.slice(2, 4) + day.slice(5, 7) + day.slice(8, 10);

/** The files of one UTC day (`YYYY-MM-DD`) whose sessions start in [fromMs, toMs]. */
function dayFiles(day: string, fromMs: number, toMs: number, o: RecentSamplesOptions): Map<string, string> {
  const seed = o.seed * 100_003 + Math.floor(Date.parse(day) / DAY_MS);
  const iis = generateIis({
    seed,
    sessions: o.sessionsPerDay,
    startMs: fromMs,
    // generate-iis spreads starts over `days` days less one hour.
    days: (toMs - fromMs + HOUR_MS) / DAY_MS,
  });
  const proftpd = generateProftpd({ seed: seed + 1, sessions: o.sessionsPerDay, fromMs, toMs });
  const files = new Map<string, string>([[`proftpd/ftpsight.log-${day.replace(/-/g, '')}`, proftpd.text]]);
  for (const [name, text] of iis.files) files.set(`iis/FTPSVC2/${name}`, text);
  const iisName = `iis/FTPSVC2/u_ex${yymmdd(day)}.log`;
  if (files.size !== 2 || !files.has(iisName)) {
    throw new Error(`sample IIS sessions of ${day} spilled out of ${iisName}: ${[...files.keys()].join(', ')}`);
  }
  return files;
}

/**
 * Written under a hidden name, then renamed: a shipper following the folder never sees half a file (scan and
 * ship pass over hidden files, as they do over the marker).
 */
function writeWhole(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = join(dirname(path), `.${basename(path)}.partial`);
  writeFileSync(partial, text);
  renameSync(partial, path);
}

export function writeRecentSamples(dir: string, o: RecentSamplesOptions): RecentSamplesResult {
  mkdirSync(dir, { recursive: true });
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes(SAMPLES_MARKER)) {
    return { written: [], kept: 0, refused: `${dir} holds files that ftpsight samples did not write` };
  }
  writeFileSync(join(dir, SAMPLES_MARKER), 'Sample logs written by `ftpsight samples`; it adds the missing days.\n');
  const written: string[] = [];
  let kept = 0;
  const lastMs = o.nowMs - MARGIN_MS;
  const firstMs = o.nowMs - o.days * DAY_MS;
  for (let dayStart = Math.floor(firstMs / DAY_MS) * DAY_MS; dayStart <= lastMs; dayStart += DAY_MS) {
    const fromMs = Math.max(dayStart, firstMs);
    const toMs = Math.min(dayStart + DAY_MS - MARGIN_MS, lastMs);
    if (toMs <= fromMs) continue;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    const files = dayFiles(day, fromMs, toMs, o);
    if ([...files.keys()].every((name) => existsSync(join(dir, name)))) {
      kept++;
      continue;
    }
    for (const [name, text] of files) {
      if (existsSync(join(dir, name))) continue;
      writeWhole(join(dir, name), text);
      written.push(name);
    }
  }
  return { written, kept };
}
