/**
 * An IIS W3C `#Fields:` directive turned into column positions. IIS writes a new header block at
 * every service restart, and admins choose the fields, so the layout is read from each file and
 * followed whenever it changes: it is never assumed.
 */

/** Every field IIS FTP can log, in the W3C names used by `#Fields:`. */
export const IIS_FTP_FIELDS = [
  'date',
  'time',
  'c-ip',
  'c-port',
  'cs-username',
  's-sitename',
  's-computername',
  'cs-host',
  's-ip',
  's-port',
  'cs-method',
  'cs-uri-stem',
  'sc-status',
  'sc-win32-status',
  'sc-substatus',
  'x-session',
  'x-fullpath',
  'x-debug',
  'sc-bytes',
  'cs-bytes',
  'time-taken',
] as const;
export type IisFieldName = (typeof IIS_FTP_FIELDS)[number];

/** Fields IIS logs for which FtpRecord has no normalized home: kept in `extra` by their log name. */
export const IIS_DETAIL_FIELDS: ReadonlySet<string> = new Set(['sc-win32-status', 'sc-substatus', 'x-debug']);

export interface IisLayout {
  readonly names: readonly string[];
  /** Column index of each known field, -1 when absent. */
  readonly index: Readonly<Record<IisFieldName, number>>;
  /** Columns kept in `extra`: IIS detail fields and fields this version of ftpsight does not know. */
  readonly extraColumns: readonly number[];
}

export type LayoutResult = { layout: IisLayout } | { error: string };

/** Builds a layout from the text after `#Fields:`. Duplicated names keep their first column. */
export function layoutFromFieldsDirective(text: string): LayoutResult {
  const names = text.split(/[ \t]+/).filter((n) => n !== '');
  if (names.length === 0) return { error: '#Fields directive lists no field' };
  const index = {} as Record<IisFieldName, number>;
  for (const f of IIS_FTP_FIELDS) index[f] = names.indexOf(f);
  if (index['cs-method'] < 0) return { error: '#Fields directive has no cs-method field' };
  if (index.time < 0) return { error: '#Fields directive has no time field' };
  const known: ReadonlySet<string> = new Set(IIS_FTP_FIELDS);
  const extraColumns: number[] = [];
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) return;
    if (!known.has(name) || IIS_DETAIL_FIELDS.has(name)) extraColumns.push(i);
  });
  return { layout: { names, index, extraColumns } };
}
