/** Every free-text field of a record is capped, each on its own: the per-line check reads them by name. */
import type { FtpRecord } from '../../../src/core/types';
import { MAX_FIELD_CHARS } from '../../../src/core/limits';
import { capRecordFields, TEXT_FIELDS } from '../../../src/formats/field-cap';

const record: FtpRecord = {
  file: { path: 'u_ex.log', stream: '.', modifiedAt: 0 },
  line: 5,
  offset: 100,
  timestamp: 0,
  kind: 'command',
  command: 'RETR',
  argument: 'a.txt',
  original: 'a line',
};
const long = 'x'.repeat(MAX_FIELD_CHARS + 1);

test.each(TEXT_FIELDS)('a %s over the cap is cut and the record says so', (field) => {
  const capped = capRecordFields({ ...record, [field]: long });
  expect(capped[field]).toHaveLength(MAX_FIELD_CHARS);
  expect(capped.truncated).toBe(true);
});

test('an extra value or name over the cap is cut', () => {
  const capped = capRecordFields({ ...record, extra: { [long]: 'v', k: long } });
  expect(Object.keys(capped.extra ?? {}).every((k) => k.length <= MAX_FIELD_CHARS)).toBe(true);
  expect(capped.extra?.k).toHaveLength(MAX_FIELD_CHARS);
  expect(capped.truncated).toBe(true);
});

test('a record with no field over the cap is passed on as it is', () => {
  expect(capRecordFields(record)).toBe(record);
});
