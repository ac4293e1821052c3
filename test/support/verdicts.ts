/**
 * The hand-written verdicts of a golden case, `<case>.verdict.yml`: for each session, where it starts and
 * its verdict fields, with one line saying why, written from reading the log. UPDATE_GOLDEN never writes
 * them, so a wrong verdict in a regenerated expected file fails here until a person decides which is right.
 *
 *     sessions:
 *       - at: 3                   # its first line (file:line in a folder case)
 *         tls_mode: explicit
 *         data_protection: private
 *         credentials_exposed: none
 *         login: success
 *         anonymous: false
 *         why: AUTH TLS accepted before USER and PASS, PROT P before the one RETR.
 *
 * A case with no session says why in a `why:` of its own, beside `sessions: []`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { SessionJson } from '../../src/ecs/session-document';
import { VERDICT_FIELDS } from '../integration/realftp-manifest';

const sessionVerdict = z
  .object({
    at: z.union([z.number().int().positive(), z.string().regex(/^[^:]+:\d+$/)]),
    tls_mode: z.enum(['implicit', 'explicit', 'none', 'unknown']),
    data_protection: z.enum(['private', 'clear', 'mixed', 'unknown']),
    credentials_exposed: z.enum(['username_and_password', 'username_only', 'none', 'unknown']),
    login: z.enum(['success', 'failure', 'none', 'unknown']),
    anonymous: z.boolean(),
    why: z.string().min(10),
  })
  .strict();

const verdictFile = z
  .object({ why: z.string().min(10).optional(), sessions: z.array(sessionVerdict) })
  .strict()
  .refine((f) => f.sessions.length > 0 || f.why !== undefined, 'a case with no session says why');

export type SessionVerdictLine = z.infer<typeof sessionVerdict>;

/** The case's verdicts; an error names the file when it is missing or does not follow the layout above. */
export function readVerdicts(path: string): SessionVerdictLine[] {
  if (!existsSync(path))
    throw new Error(`${path} is missing: write it by hand from the log (test/support/verdicts.ts)`);
  const parsed = verdictFile.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data.sessions;
}

/** Where a session starts, as a verdict file names it: the line, or file:line for a folder case. */
export function sessionAt(s: SessionJson, folder: boolean): number | string {
  return folder ? `${basename(s.first_line.file)}:${s.first_line.line}` : s.first_line.line;
}

/** A session's verdict fields, keyed by where it starts, as the verdict file holds them (why aside). */
export function verdictsOf(sessions: readonly SessionJson[], folder: boolean) {
  return sessions.map((s) => ({
    at: sessionAt(s, folder),
    ...Object.fromEntries(VERDICT_FIELDS.map((f) => [f, s[f]])),
  }));
}
