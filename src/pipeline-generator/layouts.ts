/**
 * #Fields layouts as the ingest pipeline's parse script takes them. The column positions come from the
 * TypeScript parser's own layoutFromFieldsDirective, so both read a layout the same way.
 */
import { FtpsightError } from '../core/errors';
import { layoutFromFieldsDirective, type IisLayout } from '../formats/iis/layout';

export interface NamedLayout {
  readonly name: string;
  /** The W3C field names, as after `#Fields:`. */
  readonly fields: string;
}

/** What iis-parse-line.painless reads of a layout (see its params comment). */
export interface LayoutParams {
  readonly name: string;
  readonly names: readonly string[];
  readonly index: IisLayout['index'];
  readonly extra: readonly (readonly [number, string])[];
}

function usage(message: string, hint: string): FtpsightError {
  return new FtpsightError('USAGE', message, hint);
}

export function layoutParams(layout: NamedLayout): LayoutParams {
  const result = layoutFromFieldsDirective(layout.fields);
  const hint = 'Give the text of your log\'s #Fields line, e.g. --fields "date time c-ip cs-method ..."';
  if ('error' in result)
    throw usage(`layout ${layout.name}: ${result.error.replace('#Fields directive', 'it')}`, hint);
  const { names, index, extraColumns } = result.layout;
  // The parser takes the day from the #Date directive when a layout has no date; a pipeline sees no directive.
  if (index.date < 0) {
    throw usage(
      `layout ${layout.name} has no date field: a line alone does not say its day, so no ingest pipeline can date it`,
      'Add "Date" to the fields IIS logs (IIS Manager, FTP Logging, Select W3C Fields).',
    );
  }
  return { name: layout.name, names, index, extra: extraColumns.map((i) => [i, names[i]] as const) };
}
