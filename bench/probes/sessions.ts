/**
 * Child (run with --expose-gc): heap held per open session. Opens N IIS control sessions (the
 * ControlChannelOpened, USER and PASS lines of a login that never ends), then compares the heap after
 * a full GC with the heap before. Prints JSON.
 *   node --expose-gc sessions.js N
 */
import { formatByName } from '../../src/formats';
import { Sessionizer } from '../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../src/config/normalize';
import type { FtpRecord } from '../../src/core/types';
import { IIS_FIELDS } from '../../src/samples/generate-iis';

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

function main(): void {
  if (gc === undefined) throw new Error('run with node --expose-gc');
  const n = Number(process.argv[2]);
  const parser = formatByName('iis').open({ path: 'memory.log', stream: 'memory' });
  parser.parse(`#Fields: ${IIS_FIELDS}`, 1, 0);
  const sessionizer = new Sessionizer({ ...DEFAULT_SESSIONIZER_OPTIONS, maxOpenSessions: n * 2 });
  const before = heapMb();
  const rssBefore = process.memoryUsage().rss / 1048576;
  for (let i = 0; i < n; i++) {
    const id = `6f0b1c2e-${i.toString(16).padStart(8, '0')}-4c1a-9a00-000000000000`;
    const client =
      i % 2 === 0 ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : `2001:db8::${i.toString(16)}`;
    const user = `CONTOSO\\user${i % 50}`;
    // One second per session keeps every session inside the idle timeout.
    const time = new Date(Date.UTC(2024, 4, 14) + Math.floor(i / 1000) * 1000).toISOString().slice(11, 19);
    for (const [method, arg, status] of [
      ['ControlChannelOpened', '-', '-'],
      ['USER', user, '331'],
      ['PASS', '***', '230'],
    ]) {
      const line = `2024-05-14 ${time} ${client} ${40000 + (i % 20000)} - 10.0.0.5 21 ${method} ${arg} ${status} 0 0 ${id} -`;
      const outcome = parser.parse(line, i, 0);
      if (outcome.kind !== 'record') throw new Error(`unparsed: ${line}`);
      sessionizer.push(outcome.record as FtpRecord);
    }
  }
  sessionizer.takeClosed();
  const open = sessionizer.openSessions;
  const after = heapMb();
  const rssAfter = process.memoryUsage().rss / 1048576;
  process.stdout.write(
    JSON.stringify({
      sessions: open,
      heapMb: after - before,
      rssMb: rssAfter - rssBefore,
      bytesPerSession: ((after - before) * 1048576) / open,
    }) + '\n',
  );
}

main();
