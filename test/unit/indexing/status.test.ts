/** The status line names what ship waits for, in the words of the condition, not the engine's. */
import { blockOf, unreachable } from '../../../src/engine/conditions';
import { ShipStatus } from '../../../src/indexing/status';

const diskBlock = {
  type: 'cluster_block_exception',
  reason:
    'index [.ds-logs-ftpsight.iis-prod-000003] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded ' +
    'flood-stage watermark, index has read-only-allow-delete block];',
};

test('a block: the index, the setting, why, and what lifts it', () => {
  const status = new ShipStatus(true);
  const now = Date.now();
  status.retrying({ attempt: 3, delayMs: 2000, items: 150, reason: 'raw', condition: blockOf(diskBlock) });
  expect(status.line(now)).toMatch(
    /waiting \d\.\ds to retry: writes to \.ds-logs-ftpsight\.iis-prod-000003 are blocked by index\.blocks\.read_only_allow_delete \(the engine's disk passed its flood-stage watermark\): ship waits .*free disk space/,
  );
  status.progressed();
  expect(status.line(now)).not.toMatch(/waiting/);
});

test('a block of the whole cluster, and a block ftpsight does not know, are named as the engine names them', () => {
  const cluster = blockOf({
    type: 'cluster_block_exception',
    reason: 'blocked by: [FORBIDDEN/13/cluster read-only / allow delete (api)];',
  });
  expect(cluster?.fields).toEqual({ index: 'the cluster', block: 'cluster.blocks.read_only_allow_delete' });
  const odd = blockOf({
    type: 'cluster_block_exception',
    reason: 'index [x] blocked by: [FORBIDDEN/99/new block];',
  });
  expect(odd?.message).toBe(
    'writes to x are blocked (new block): ship waits and retries until the block is lifted',
  );
  expect(blockOf({ type: 'mapper_parsing_exception', reason: 'x' })).toBeUndefined();
});

test('a dead node among several: named, with where its requests go', () => {
  const status = new ShipStatus(true);
  const c = unreachable('https://es2:9200', 3, 'ConnectionError: connect ECONNREFUSED 10.0.0.12:9200');
  status.retrying({ attempt: 1, delayMs: 500, items: 10, reason: 'raw', condition: c });
  expect(status.line()).toContain(
    'node https://es2:9200 did not answer (ConnectionError: connect ECONNREFUSED 10.0.0.12:9200): the other nodes take its requests',
  );
});

describe('on a terminal', () => {
  const T0 = Date.UTC(2026, 11, 5, 12);
  const columns = Object.getOwnPropertyDescriptor(process.stderr, 'columns');
  let written: string[];
  let spy: jest.SpyInstance;
  /** The terminal's width, as process.stderr.columns gives it on a terminal. */
  const terminalWidth = (value: number) =>
    Object.defineProperty(process.stderr, 'columns', { value, configurable: true });
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    terminalWidth(200);
    written = [];
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    spy.mockRestore();
    jest.useRealTimers();
    if (columns === undefined) delete (process.stderr as { columns?: number }).columns;
    else Object.defineProperty(process.stderr, 'columns', columns);
  });

  it('redraws one status line in place, prints messages on lines of their own, and clears the line at the end', () => {
    const status = new ShipStatus(true);
    status.start();
    Object.assign(status.counters, { lines: 1500, indexed: 1200, sessions: 7, deadLettered: 2 });
    status.counters.newestAcked = T0 - 90_000;
    jest.advanceTimersByTime(250);
    // 1500 lines in a quarter of a second; the newest event acknowledged 90.25 s ago.
    expect(written).toEqual([
      '\r\x1b[2K1,500 lines (6,000/s) · 1,200 indexed · 7 sessions · 2 dead-lettered · lag 2m',
    ]);
    written.length = 0;
    status.warn('the registry is not writable');
    status.condition({ name: 'input_vanished', message: 'x.log is gone', fields: {} }, 'info');
    status.condition({ name: 'index_blocked', message: 'writes are blocked', fields: {} }, 'error');
    status.remark('stopping: sending what was read');
    expect(written).toEqual([
      '\r\x1b[2Kwarning: the registry is not writable\n',
      '\r\x1b[2Kx.log is gone\n',
      '\r\x1b[2Kerror: writes are blocked\n',
      '\r\x1b[2Kstopping: sending what was read\n',
    ]);
    written.length = 0;
    jest.advanceTimersByTime(250);
    expect(written).toEqual([
      '\r\x1b[2K1,500 lines (3,000/s) · 1,200 indexed · 7 sessions · 2 dead-lettered · lag 2m · stopping: sending what was read',
    ]);
    written.length = 0;
    status.stop('done', { lines: 1500 });
    jest.advanceTimersByTime(1000);
    expect(written).toEqual(['\r\x1b[2Kdone\n']);
  });

  it("cuts the status line to the terminal's width", () => {
    terminalWidth(30);
    const status = new ShipStatus(true);
    status.start();
    jest.advanceTimersByTime(250);
    status.stop('done', {});
    // Whole parts are dropped, least important first, to fit 29 columns (the last one is left free).
    expect(written[0]).toBe('\r\x1b[2K0 lines (0/s) · 0 indexed');
  });
});
