/**
 * The event document the floor probes write for an IIS data line (floor-ndjson.ts to stdout, ship-floor.ts
 * into bulk bodies): scan's shape and about its size, as one template string with the values put in as they
 * are. The caller escapes `original` and `uri` or not: floor-ndjson does not (a floor, not an output).
 */
import type { IisColumns } from './iis-columns';

export const FLOOR_COLUMNS = {
  date: 'date',
  time: 'time',
  cIp: 'c-ip',
  cPort: 'c-port',
  sIp: 's-ip',
  sPort: 's-port',
  method: 'cs-method',
  uri: 'cs-uri-stem',
  status: 'sc-status',
  session: 'x-session',
} as const;

export type FloorColumn = keyof typeof FLOOR_COLUMNS;

/**
 * The document of the data line `iis` took last, newline-terminated. One template: V8 joins the parts as a
 * rope and the write flattens it natively, which costs less than copying fixed parts and values into the
 * buffer one by one (measured: 0.70 against 0.90 CPU-seconds).
 */
export function floorDocument(
  iis: IisColumns<FloorColumn>,
  original: string,
  uri: string,
  path: string,
  offset: number,
): string {
  const columns = iis.values;
  const at = iis.at;
  const method = columns[at.method];
  const cIp = columns[at.cIp];
  const cPort = columns[at.cPort];
  const sIp = columns[at.sIp];
  const sPort = columns[at.sPort];
  const session = columns[at.session];
  const status = columns[at.status];
  return (
    `{"@timestamp":"${columns[at.date]}T${columns[at.time]}.000Z","ecs":{"version":"8.17.0"},"event":{` +
    `"kind":"event","module":"ftpsight","dataset":"ftpsight.iis","category":["network"],"type":["protocol"],` +
    `"action":"${method.toLowerCase()}","outcome":"success","original":"${original}"},` +
    `"source":{"ip":"${cIp}","port":${cPort}},"destination":{"ip":"${sIp}","port":${sPort}},` +
    `"client":{"ip":"${cIp}","port":${cPort}},"server":{"ip":"${sIp}","port":${sPort}},` +
    `"related":{"ip":["${cIp}","${sIp}"]},"network":{"protocol":"ftp","transport":"tcp","type":"ipv4"},` +
    `"tls":{"established":true},"log":{"file":{"path":"${path}"},"offset":${offset}},` +
    // scan's session ids are 20 characters; the server's session id stands in for one here.
    `"ftpsight":{"session":{"id":"${session.slice(-20)}"},"ftp":{"command":"${method}",` +
    `"argument":"${uri}","reply_code":${status === '-' ? '0' : status},` +
    `"server_session_id":"${session}"},"iis":{"win32_status":0,"substatus":0}}}\n`
  );
}
