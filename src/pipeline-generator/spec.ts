/**
 * pipelines/iis-pipeline.yml: the layouts the committed IIS pipeline recognises, and the fields of an event
 * document that one line cannot give it. Loaded and checked here; the generator and the parity test read it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { FtpsightError } from '../core/errors';
import { PACKAGE_ROOT } from '../core/package-root';

const reasons = z.record(z.string(), z.string());

const specSchema = z
  .object({
    layouts: z
      .array(
        z.object({
          name: z.string().regex(/^[a-z0-9-]+$/, 'lower case letters, digits and dashes'),
          about: z.string().min(1),
          fields: z.string().min(1),
        }),
      )
      .min(1),
    not_from_the_line: z.object({
      shipper: reasons,
      session: reasons,
      session_when_the_line_has_no_user: reasons,
    }),
  })
  .strict();

export type IngestSpec = z.infer<typeof specSchema>;

export const SPEC_PATH = join(PACKAGE_ROOT, 'pipelines', 'iis-pipeline.yml');

let cached: IngestSpec | undefined;

export function ingestSpec(): IngestSpec {
  if (cached !== undefined) return cached;
  const result = specSchema.safeParse(parse(readFileSync(SPEC_PATH, 'utf8')));
  if (!result.success) {
    throw new FtpsightError('CONFIG_INVALID', `${SPEC_PATH} is not valid: ${z.prettifyError(result.error)}`);
  }
  cached = result.data;
  return cached;
}
