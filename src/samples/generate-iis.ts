/**
 * Seeded generator of IIS FTP W3C logs: the same seed gives the same bytes. Sessions of every kind
 * (explicit TLS with PROT P or C, plain FTP with credentials in the clear, implicit TLS on 990, failed
 * logins, anonymous) interleave in time and are split into one u_exYYMMDD.log per day, each opening with
 * the W3C header block. Used by the ship integration tests and by benchmarks; in src/ (not test/) because
 * both depend on it and sample logs for the dashboards' first open will be built from it.
 *
 *   npm run build && node dist/samples/generate-iis.js OUT_DIR SESSIONS [SEED]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GenerateOptions {
  readonly seed: number;
  readonly sessions: number;
  /** First session start (epoch ms, UTC); sessions spread over `days` days from there. */
  readonly startMs?: number;
  readonly days?: number;
}

export interface GeneratedCorpus {
  /** File name → content. */
  readonly files: Map<string, string>;
  /** Lines that are not W3C directives: what ship indexes one document each for. */
  readonly dataLines: number;
}

export const IIS_FIELDS =
  'date time c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath';

/** mulberry32: small, fast, and the same everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = [command: string, argument: string, status: string];

const KINDS: readonly ((r: () => number) => { port: number; steps: Step[] })[] = [
  (r) => ({
    port: 21,
    steps: [['AUTH', 'TLS', '234'], ...login(r), ['PBSZ', '0', '200'], ['PROT', 'P', '200'], ...transfer(r)],
  }),
  (r) => ({ port: 21, steps: [['AUTH', 'TLS', '234'], ...login(r), ['PROT', 'C', '200'], ...transfer(r)] }),
  (r) => ({ port: 21, steps: [...login(r), ...transfer(r)] }),
  (r) => ({ port: 990, steps: [...login(r), ['PBSZ', '0', '200'], ['PROT', 'P', '200'], ...transfer(r)] }),
  () => ({
    port: 21,
    steps: [
      ['USER', 'intruder', '331'],
      ['PASS', '***', '530'],
      ['USER', 'admin', '331'],
      ['PASS', '***', '530'],
    ],
  }),
  (r) => ({ port: 21, steps: [['USER', 'anonymous', '331'], ['PASS', '***', '230'], ...transfer(r)] }),
];

function login(r: () => number): Step[] {
  const user = `CONTOSO\\user${Math.floor(r() * 50)}`;
  return [
    ['USER', user, '331'],
    ['PASS', '***', '230'],
  ];
}

function transfer(r: () => number): Step[] {
  const steps: Step[] = [];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const verb = r() < 0.5 ? 'RETR' : 'STOR';
    steps.push(
      ['PASV', '-', '227'],
      ['DataChannelOpened', '-', '-'],
      [verb, `file${Math.floor(r() * 1000)}.csv`, '226'],
      ['DataChannelClosed', '-', '-'],
    );
  }
  steps.push(['QUIT', '-', '221']);
  return steps;
}

function stamp(ms: number): [date: string, time: string] {
  const iso = new Date(ms).toISOString();
  return [iso.slice(0, 10), iso.slice(11, 19)];
}

function header(firstMs: number): string {
  const [date, time] = stamp(firstMs);
  return `#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: ${date} ${time}\n#Fields: ${IIS_FIELDS}\n`;
}

interface Line {
  readonly ms: number;
  readonly seq: number;
  readonly text: string;
}

function sessionLines(i: number, startMs: number, r: () => number, seq: { n: number }): Line[] {
  const { port, steps } = KINDS[Math.floor(r() * KINDS.length)](r);
  const client = `10.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}.${1 + Math.floor(r() * 250)}`;
  const clientPort = 1024 + Math.floor(r() * 60000);
  const session = `6f0b1c2e-${i.toString(16).padStart(8, '0')}-4c1a-9a00-${Math.floor(r() * 1e12)
    .toString(16)
    .padStart(12, '0')}`;
  const all: Step[] = [['ControlChannelOpened', '-', '-'], ...steps, ['ControlChannelClosed', '-', '-']];
  let ms = startMs;
  let user = '-';
  return all.map(([command, argument, status]) => {
    ms += Math.floor(r() * 3000);
    const [date, time] = stamp(ms);
    if (command === 'PASS' && status === '230') user = all.find((s) => s[0] === 'USER')?.[1] ?? '-';
    const text = [
      date,
      time,
      client,
      clientPort,
      user,
      '10.0.0.5',
      port,
      command,
      argument,
      status,
      '0',
      '0',
      session,
      '-',
    ].join(' ');
    return { ms, seq: seq.n++, text };
  });
}

export function generateIis(options: GenerateOptions): GeneratedCorpus {
  const r = seededRandom(options.seed);
  const start = options.startMs ?? Date.UTC(2024, 4, 14);
  const spread = (options.days ?? 2) * 86_400_000 - 3_600_000;
  const seq = { n: 0 };
  const lines: Line[] = [];
  for (let i = 0; i < options.sessions; i++)
    lines.push(...sessionLines(i, start + Math.floor(r() * spread), r, seq));
  lines.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  const files = new Map<string, string[]>();
  for (const line of lines) {
    const day = line.text.slice(0, 10);
    const name = `u_ex${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}.log`;
    let body = files.get(name);
    if (body === undefined) files.set(name, (body = [header(line.ms)]));
    body.push(line.text + '\n');
  }
  return {
    files: new Map([...files].map(([name, parts]) => [name, parts.join('')])),
    dataLines: lines.length,
  };
}

/** Writes the corpus into `dir`; returns the file paths, oldest first. */
export function writeIis(dir: string, options: GenerateOptions): { paths: string[]; dataLines: number } {
  mkdirSync(dir, { recursive: true });
  const corpus = generateIis(options);
  const paths = [...corpus.files.keys()].sort().map((name) => join(dir, name));
  for (const path of paths) writeFileSync(path, corpus.files.get(path.slice(dir.length + 1)) as string);
  return { paths, dataLines: corpus.dataLines };
}

if (require.main === module) {
  const [dir, sessions, seed] = process.argv.slice(2);
  if (dir === undefined || sessions === undefined) {
    process.stderr.write('usage: generate-iis OUT_DIR SESSIONS [SEED]\n');
    process.exit(2);
  }
  const out = writeIis(dir, { sessions: Number(sessions), seed: Number(seed ?? 1) });
  process.stdout.write(`${out.paths.length} files, ${out.dataLines} data lines in ${dir}\n`);
}
