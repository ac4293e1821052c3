/**
 * The IIS parser's `extra` (the detail columns and the ones ftpsight does not know): consecutive lines
 * that log the same details share one object, which the event writer writes from the bytes it kept for
 * it; a line whose details differ, or a line under a new #Fields, gets its own.
 */
import type { FtpRecord } from '../../../src/core/types';
import { iisFormat } from '../../../src/formats/iis';
import { writeEvent } from '../../../src/ecs/event-json';
import { JsonBytes } from '../../../src/core/json-bytes';
import type { SessionEvent } from '../../../src/sessions/sessionizer';

const file = { path: 'u_ex240514.log', stream: '.', modifiedAt: 0 };

function records(lines: string[]): FtpRecord[] {
  const parser = iisFormat.open(file);
  const out: FtpRecord[] = [];
  lines.forEach((line, i) => {
    const outcome = parser.parse(line, i + 1, i * 100);
    if (outcome.kind === 'record') out.push(outcome.record);
    else if (outcome.kind === 'reject') throw new Error(`line ${i + 1}: ${outcome.reason}`);
  });
  return out;
}

const line = (details: string) => `2024-05-14 00:00:00 10.0.0.9 5000 10.0.0.5 21 NOOP - 200 ${details}`;

describe('IIS extra columns', () => {
  const fields = '#Fields: date time c-ip c-port s-ip s-port cs-method cs-uri-stem sc-status';
  const r = records([
    `${fields} sc-win32-status sc-substatus x-debug`,
    line('0 0 -'),
    line('0 0 -'),
    line('64 0 -'),
    line('64 0 a+b'),
    line('64 0 a+b'),
    line('64 0 a+c'),
    line('- - -'),
    line('- - -'),
    line('0 0 -'),
    `${fields} x-debug sc-substatus x-new`,
    line('0 0 -'),
    line('0 0 -'),
  ]);

  it('reads each line its own values, "-" left out and "+" as a space', () => {
    expect(r.map((x) => x.extra)).toEqual([
      { 'sc-win32-status': '0', 'sc-substatus': '0' },
      { 'sc-win32-status': '0', 'sc-substatus': '0' },
      { 'sc-win32-status': '64', 'sc-substatus': '0' },
      { 'sc-win32-status': '64', 'sc-substatus': '0', 'x-debug': 'a b' },
      { 'sc-win32-status': '64', 'sc-substatus': '0', 'x-debug': 'a b' },
      { 'sc-win32-status': '64', 'sc-substatus': '0', 'x-debug': 'a c' },
      undefined,
      undefined,
      { 'sc-win32-status': '0', 'sc-substatus': '0' },
      // The same values under another #Fields: named by the new layout.
      { 'x-debug': '0', 'sc-substatus': '0' },
      { 'x-debug': '0', 'sc-substatus': '0' },
    ]);
  });

  it('shares one object between consecutive lines with the same details, and only between them', () => {
    const shared = r.slice(1).map((x, i) => x.extra !== undefined && x.extra === r[i].extra);
    expect(shared).toEqual([true, false, false, true, false, false, false, false, false, true]);
  });

  it('writes each event the ftpsight.iis of its own line, shared or not', () => {
    const out = new JsonBytes();
    const iis = r.map((record) => {
      const ev: SessionEvent = {
        record,
        sessionId: undefined,
        user: undefined,
        effect: { controlProtected: undefined, exposes: undefined, dataProtected: undefined },
      };
      writeEvent(out, ev, { logType: 'iis', keepOriginal: false, implicitPorts: new Set() });
      return (JSON.parse(out.takeText()) as { ftpsight: { iis?: unknown } }).ftpsight.iis;
    });
    expect(iis).toEqual([
      { win32_status: 0, substatus: 0 },
      { win32_status: 0, substatus: 0 },
      { win32_status: 64, substatus: 0 },
      { win32_status: 64, substatus: 0, debug: 'a b' },
      { win32_status: 64, substatus: 0, debug: 'a b' },
      { win32_status: 64, substatus: 0, debug: 'a c' },
      undefined,
      undefined,
      { win32_status: 0, substatus: 0 },
      { debug: '0', substatus: 0 },
      { debug: '0', substatus: 0 },
    ]);
  });
});
