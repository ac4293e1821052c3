/**
 * What `scan --threads` stands on: a sessionizer's state after a day of log depends on that day's lines,
 * not on the days before (sweeps at the first line of each cell of log time; timed-out keys forgotten
 * after the longest timeout), unless a session really is open across the day. Two sessionizers, one fed
 * yesterday and today, one fed today only, must then hold the same state at today's end.
 */
import type { FtpRecord, RecordKind, SourceFile } from '../../../src/core/types';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';

const T0 = Date.UTC(2024, 0, 1);
/** A file's span: two hours (logs that roll over hourly or daily alike); longer than every timeout. */
const DAY_S = 7_200;
const file = (day: number): SourceFile => ({
  path: `/logs/FTPSVC1/u_ex24010${day + 1}.log`,
  stream: '/logs',
});

function rec(seconds: number, kind: RecordKind, sessionId: string, command?: string): FtpRecord {
  return {
    file: file(Math.floor(seconds / DAY_S)),
    line: seconds,
    offset: seconds * 100,
    timestamp: T0 + seconds * 1000,
    kind,
    command: command ?? (kind === 'command' ? 'NOOP' : kind),
    ...(command === 'QUIT' ? { status: 221 } : {}),
    clientIp: '192.0.2.1',
    serverIp: '10.0.0.1',
    serverPort: 21,
    sessionId,
    original: '',
  };
}

/**
 * A file of sessions: half end with QUIT and a closing line, the others idle out, some closing late.
 * Every line at an odd second, as steady()'s: lines between its lines would bring sweeps timed from the
 * last one back in step by chance.
 */
function day(d: number, sessions: number): FtpRecord[] {
  const out: FtpRecord[] = [];
  for (let i = 0; i < sessions; i++) {
    const start = d * DAY_S + 601 + i * 98 + 2 * (i % 6);
    const id = `d${d}s${i}`;
    out.push(rec(start, 'control_open', id), rec(start + 4 + 2 * (i % 3), 'command', id));
    if (i % 2 === 0) out.push(rec(start + 10, 'command', id, 'QUIT'), rec(start + 10, 'control_close', id));
    else if (i % 3 === 0) out.push(rec(start + 20 * 60, 'control_close', id));
  }
  return out;
}

/**
 * Back-to-back one-minute sessions with a line every 2 s, over both files: no gap between lines for
 * sweeps to fall in step again, so a sweep timed from the last one (not by cells) keeps yesterday's phase.
 */
function steady(): FtpRecord[] {
  const out: FtpRecord[] = [];
  for (let t = 5; t < 2 * DAY_S; t += 60) {
    const id = `h${t}`;
    out.push(rec(t, 'control_open', id));
    for (let s = 2; s < 58; s += 2) out.push(rec(t + s, 'command', id));
    out.push(rec(t + 58, 'control_close', id));
  }
  return out;
}

function stateAfter(records: FtpRecord[]): string {
  const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
  for (const r of records) z.push(r);
  z.takeClosed();
  return JSON.stringify(z.snapshot());
}

describe('a sessionizer state that depends on the last day only', () => {
  const hum = steady();
  const yesterday = [...day(0, 60), ...hum.filter((r) => r.timestamp < T0 + DAY_S * 1000)];
  const today = [...day(1, 60), ...hum.filter((r) => r.timestamp >= T0 + DAY_S * 1000)];
  // A session open across midnight: the second sessionizer sees only its last line, as a partial session.
  const acrossMidnight = [rec(DAY_S - 51, 'control_open', 'x'), rec(DAY_S + 41, 'command', 'x')];
  const sorted = (rs: FtpRecord[]) =>
    [...rs].sort((a, b) => a.timestamp - b.timestamp || a.offset - b.offset);

  it('is the same after today, whether yesterday was read first or not', () => {
    const both = stateAfter(sorted([...yesterday, ...acrossMidnight, ...today]));
    const todayOnly = stateAfter(sorted([acrossMidnight[1], ...today]));
    expect(JSON.parse(both)).toMatchObject({ streams: [{ open: expect.any(Array) }] });
    expect(todayOnly).toBe(both);
  });

  it('differs while a session open since yesterday is still open today', () => {
    const lasting = [rec(DAY_S - 51, 'control_open', 'y')];
    for (let t = DAY_S + 1; t < 2 * DAY_S - 600; t += 600) lasting.push(rec(t, 'command', 'y'));
    const both = stateAfter(sorted([...yesterday, ...lasting, ...today]));
    const todayOnly = stateAfter(sorted([...lasting.slice(1), ...today]));
    expect(todayOnly).not.toBe(both);
  });
});
