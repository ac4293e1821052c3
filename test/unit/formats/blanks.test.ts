/**
 * Logs copied through editors and terminals gain blanks around their lines. Every format reads them as
 * before: each golden case, its lines padded with blanks, gives the same sessions, verdicts and malformed
 * lines as the case itself.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { goldenCases, runGolden, type GoldenCase } from '../../support/golden';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ftpsight-blanks-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The case's files with a blank before and a blank and a tab after every non-empty line. */
function padded(c: GoldenCase, i: number): GoldenCase {
  const target = join(dir, String(i));
  const pad = (source: string, to: string) => {
    const raw = readFileSync(source);
    const text = (source.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
    const lines = text.split('\n').map((l) => {
      const cr = l.endsWith('\r') ? '\r' : '';
      const body = cr === '' ? l : l.slice(0, -1);
      // A byte order mark stays first: readers strip it only there.
      const bom = body.startsWith('\u00ef\u00bb\u00bf') ? body.slice(0, 3) : '';
      return body === '' ? l : `${bom} ${body.slice(bom.length)} \t${cr}`;
    });
    writeFileSync(to, lines.join('\n'), 'latin1');
  };
  let input: string;
  if (statSync(c.input).isDirectory()) {
    input = join(target, basename(c.input));
    mkdirSync(input, { recursive: true });
    for (const f of readdirSync(c.input)) pad(join(c.input, f), join(input, f));
  } else {
    mkdirSync(target, { recursive: true });
    input = join(target, basename(c.input).replace(/\.gz$/, ''));
    pad(c.input, input);
  }
  return { ...c, input };
}

/** What padding must not change: the verdicts and what was found, not ids or offsets. */
async function verdicts(c: GoldenCase) {
  const out = await runGolden(c);
  return {
    sessions: out.sessions.map((s) => [
      s.user,
      s.tls_mode,
      s.data_protection,
      s.credentials_exposed,
      s.login,
      s.anonymous,
      s.partial,
      s.commands,
    ]),
    malformed: out.malformed.map((m) => m.line),
    events: out.events.length,
  };
}

describe.each(goldenCases().map((c, i) => [`${c.format}/${c.name}`, c, i] as const))(
  'golden %s with blanks around every line',
  (_, c, i) => {
    it('gives the same sessions, verdicts and malformed lines', async () => {
      expect(await verdicts(padded(c, i))).toEqual(await verdicts(c));
    });
  },
);
