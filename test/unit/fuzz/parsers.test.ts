/**
 * Every parser against hostile lines: it never throws, answers each line with exactly one outcome, and
 * what it accepts becomes a document that serializes to one NDJSON line with sane values (ports, reply
 * codes, dates) and no field over the cap. How fast it parses is `npm run bench`'s to measure.
 */
import fc from 'fast-check';
import type { FormatOptions, LogType, SourceFile } from '../../../src/core/types';
import { formatByName, supportedLogTypes } from '../../../src/formats';
import { FileParseStage } from '../../../src/formats/parse-stage';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import { eventDocument } from '../../../src/ecs/event-document';
import { sessionDocument } from '../../../src/ecs/session-document-json';
import { MAX_FIELD_CHARS } from '../../../src/core/limits';
import { evilLine, fixtureLines } from './evil';
import { fuzz } from './fuzz-config';

const FILE: SourceFile = { path: '/logs/fuzz.log', stream: '/logs' };
const SEEDS = fixtureLines();
const ALL_SEEDS = [...SEEDS.values()].flat();

/** The fixtures folder that holds real lines of each log type. */
function seedsOf(logType: LogType): string[] {
  const folder = logType.startsWith('proftpd') ? 'proftpd' : logType;
  return [...(SEEDS.get(folder) ?? []), ...ALL_SEEDS.slice(0, 40)];
}

/** Every string in a JSON value, with its path. */
function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const v of value) yield* strings(v, path);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, path === '' ? k : `${path}.${k}`);
}

function expectPort(port: number | undefined): void {
  if (port !== undefined) expect(Number.isInteger(port) && port >= 0 && port <= 65535).toBe(true);
}

/**
 * One NDJSON line: parses back to the document itself (no NaN or Infinity turned into null, no Date or
 * other object turned into text; absent fields aside), and holds no raw line break.
 */
function expectNdjsonLine(doc: unknown): string {
  const line = JSON.stringify(doc);
  expect(line).not.toMatch(/[\n\r]/);
  expect(JSON.parse(line)).toEqual(doc);
  for (const [path, text] of strings(JSON.parse(line))) {
    if (text.length > MAX_FIELD_CHARS) throw new Error(`${path} has ${text.length} characters`);
  }
  return line;
}

function checkFile(logType: LogType, options: FormatOptions, lines: string[]): void {
  const batch = {
    file: FILE,
    lines,
    offsets: lines.map((_, i) => i * 100),
    firstLine: 1,
    endOffset: lines.length * 100,
    unterminatedLast: false,
  };
  const stage = new FileParseStage(FILE, batch, formatByName(logType, options), [], options);
  const parsed = stage.parse(batch);

  // Exactly one outcome per line: headers are skipped, so records + rejects never exceed the lines,
  // and no line number is used twice.
  const numbers = [...parsed.records.map((r) => r.line), ...parsed.rejected.map((r) => r.line)];
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(numbers.every((n) => n >= 1 && n <= lines.length)).toBe(true);
  expect(parsed.lineCount).toBe(lines.length);

  const sessions = new Sessionizer({ ...DEFAULT_SESSIONIZER_OPTIONS, maxOpenSessions: 8 });
  for (const r of parsed.records) {
    expect(Number.isFinite(r.timestamp)).toBe(true);
    expectPort(r.clientPort);
    expectPort(r.serverPort);
    if (r.status !== undefined) expect(Number.isInteger(r.status)).toBe(true);
    expectNdjsonLine(
      eventDocument(sessions.push(r), {
        logType,
        keepOriginal: true,
        implicitPorts: DEFAULT_SESSIONIZER_OPTIONS.implicitPorts,
      }),
    );
  }
  for (const s of [...sessions.takeClosed(), ...sessions.end()]) expectNdjsonLine(sessionDocument(s));
  for (const r of parsed.rejected) expectNdjsonLine({ reason: r.reason, original: r.original });
}

/** ProFTPD ExtendedLog files are read with the user's LogFormat: the fixtures' and the built-in default. */
const PROFTPD_LOG_FORMATS: (string | undefined)[] = [
  undefined,
  '%t [%P] %h %{protocol} %m "%J" %s',
  '%{iso8601} [%P] %a:%{remote-port} -> %L:%p %{protocol} user="%u" cmd="%m" args="%J" code=%s file="%f" bytes=%b',
];

const CASES: [string, LogType, FormatOptions][] = supportedLogTypes().flatMap((logType) =>
  logType === 'proftpd'
    ? PROFTPD_LOG_FORMATS.map((logFormat, i): [string, LogType, FormatOptions] => [
        `proftpd (LogFormat ${i})`,
        logType,
        logFormat === undefined ? {} : { logFormat },
      ])
    : [[logType, logType, {}] as [string, LogType, FormatOptions]],
);

describe.each(CASES)('%s parser under fuzzing', (name, logType, options) => {
  it('never throws, accounts for every line, and writes valid capped NDJSON', async () => {
    const lines = fc.array(evilLine(seedsOf(logType)), { minLength: 1, maxLength: 30 });
    await fuzz(
      `${name} parser`,
      fc.property(lines, (l) => checkFile(logType, options, l)),
      200,
      100,
    );
  });
});
