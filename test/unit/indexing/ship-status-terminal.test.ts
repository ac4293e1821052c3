/** What ship tells a person at a terminal: a status line that fits, a recent rate, and last words with counts. */
import { fitLine, ShipStatus, shipSummary } from '../../../src/indexing/status';

function capture(run: () => void): string {
  let out = '';
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    run();
  } finally {
    write.mockRestore();
  }
  return out;
}

describe('the status line', () => {
  const status = new ShipStatus(true);
  Object.assign(status.counters, {
    lines: 1_234_567,
    indexed: 1_200_000,
    duplicates: 34_000,
    sessions: 12_345,
    retries: 3,
    deadLettered: 12,
    newestAcked: Date.now() - 90_000,
  });
  status.retrying({
    attempt: 3,
    delayMs: 4000,
    items: 500,
    reason: 'es_rejected_execution_exception: queue full',
  });

  test('fits in 80 columns, keeping whole parts (no unit cut off)', () => {
    const line = status.line(Date.now(), 79);
    expect(line.length).toBeLessThanOrEqual(79);
    expect(line).toMatch(/^1,234,567 lines \(\d[\d,]*\/s\) · 1,200,000 indexed/);
    for (const part of line.split(' · ')) expect(part).toMatch(/[a-z)…]$/);
  });

  test('drops the least important parts first, then cuts the last with …', () => {
    const parts = [
      { text: 'a'.repeat(30), rank: 0 },
      { text: 'b'.repeat(30), rank: 2 },
      { text: 'c'.repeat(30), rank: 1 },
    ];
    expect(fitLine(parts, 70)).toBe(`${'a'.repeat(30)} · ${'c'.repeat(30)}`);
    expect(fitLine(parts, 20)).toBe(`${'a'.repeat(19)}…`);
  });
});

describe('the rate', () => {
  test('is the recent one: it falls to 0 once reading stops, whatever the average since start', () => {
    const start = Date.now();
    const status = new ShipStatus(true);
    for (let s = 1; s <= 30; s++) {
      status.counters.lines += 1000;
      status.recentRate(start + s * 1000);
    }
    expect(Math.round(status.recentRate(start + 30_000))).toBeGreaterThanOrEqual(900);
    for (let s = 31; s <= 45; s++) status.recentRate(start + s * 1000);
    expect(status.recentRate(start + 45_000)).toBe(0);
  });
});

describe('the last words', () => {
  test('count what became of the lines, saying where the dead letter is', () => {
    const c = new ShipStatus(false, false).counters;
    Object.assign(c, { lines: 62, indexed: 1, duplicates: 3, sessions: 1, deadLettered: 2, filesSkipped: 1 });
    const s = shipSummary(c, '/var/lib/ftpsight/dead-letter.ndjson');
    expect(s.sentence).toBe(
      'ship: 62 lines read, 1 document indexed, 3 already there, 1 session, 2 dead-lettered to ' +
        '/var/lib/ftpsight/dead-letter.ndjson, 1 file skipped',
    );
    expect(s.complete).toBe(false);
    expect(s.fields).toMatchObject({ deadLettered: 2, deadLetter: '/var/lib/ftpsight/dead-letter.ndjson' });
  });

  test('are a sentence on a terminal, even with --no-progress (no JSON there)', () => {
    const out = capture(() => {
      const status = new ShipStatus(true, false);
      status.start();
      status.info('shipping to opensearch 2.19.6');
      status.stop('ship: 1 line read', { lines: 1 });
    });
    expect(out).toContain('shipping to opensearch 2.19.6\n');
    expect(out).toContain('ship: 1 line read\n');
    expect(out).not.toContain('{');
  });
});
