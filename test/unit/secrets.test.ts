/** Never create the exposure we report: no password a fixture log holds may reach any output. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { OutputFormat } from '../../src/scan/scan';
import { FIXTURES, goldenCases, scanCase } from '../support/golden';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * Not a password: a server's mask (IIS's, ProFTPD's "(hidden)", FileZilla's stars), or the next field's
 * key when PASS is a quoted value of its own (ProFTPD `cmd="PASS" args=...`).
 */
function isNotSecret(value: string): boolean {
  return value === '-' || value === '(hidden)' || /^\*+$/.test(value) || value.endsWith('=');
}

/** The user field of an anonymous (access mode `a`) xferlog line. */
const XFERLOG_ANONYMOUS_USER = / [ab] [_CTU]+ [oid] a (\S+) \S+ [01] \S+ [ci]$/gm;

/**
 * Secrets as the raw logs hold them: PASS arguments, SITE PSWD words (IIS "PSWD+old+new", ProFTPD
 * "PSWD old new"), and the anonymous e-mail of ProFTPD's %A (logged as anon_pass="..." in the fixtures).
 */
function fixtureSecrets(): string[] {
  const secrets = new Set<string>();
  for (const file of filesUnder(FIXTURES).filter((f) => /\.log(\.gz)?$/.test(f))) {
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
    for (const m of text.matchAll(/\bPASS[ +"]+([^ \r\n"]+)/gi)) if (!isNotSecret(m[1])) secrets.add(m[1]);
    for (const m of text.matchAll(/\bPSWD\+(\S+)/g)) for (const word of m[1].split('+')) secrets.add(word);
    for (const m of text.matchAll(/\bPSWD ([^ "\r\n]+) ([^ "\r\n]+)/g)) secrets.add(m[1]).add(m[2]);
    for (const m of text.matchAll(/\banon_pass="([^"]+)"/g)) if (m[1] !== 'UNKNOWN') secrets.add(m[1]);
    // vsftpd's OK LOGIN of an anonymous user, and the user field of anonymous xferlog lines: the e-mail.
    for (const m of text.matchAll(/\banon password "([^"]+)"/g)) secrets.add(m[1]);
    for (const m of text.matchAll(XFERLOG_ANONYMOUS_USER)) secrets.add(m[1]);
  }
  return [...secrets];
}

/**
 * Every golden case scanned by `ftpsight scan` with the flags of its .options.json: what it printed,
 * the dead-letter file and the HTML report.
 */
async function scanAll(output: OutputFormat, dir: string): Promise<string> {
  let everything = '';
  for (const [i, c] of goldenCases().entries()) {
    const page = join(dir, `${output}-${i}.html`);
    const run = await scanCase(c, output, ['--html', page]);
    everything += run.stdout + run.stderr + run.deadLetter + readFileSync(page, 'utf8');
  }
  return everything;
}

describe('secrets in fixture logs', () => {
  const secrets = fixtureSecrets();
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ftpsight-secrets-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are found in the fixtures (so the check below means something)', () => {
    expect(secrets).toEqual(
      expect.arrayContaining([
        'Tr0ub4dor&3',
        'guest@example.net',
        'hunter2',
        'correct-horse',
        'analyst@example.org',
        'old-Secret9',
        'leaked-Pa55word',
        'reader@example.com',
        'xfer-reader@example.net',
        'Plain-Text-Pw9',
        'Old-Pw1',
      ]),
    );
  });

  it('include the IIS 5/6 ones: PASS arguments after the connection number, anonymous e-mails among them', () => {
    // [136]PASS cgp-user@example.net, in lines IIS 5/6 logged whole, cut short (malformed), or without #Fields.
    expect(secrets).toEqual(
      expect.arrayContaining([
        'cgp-user@example.net',
        'guest@example.org',
        'IEUser@',
        'ftp@example.org',
        'opss-anon@example.com',
      ]),
    );
  });

  it.each(['table', 'json', 'ndjson'] as const)(
    'never appear in --format %s, stderr, the dead-letter file or the HTML report',
    async (format) => {
      const everything = await scanAll(format, dir);
      expect(everything.length).toBeGreaterThan(1000);
      for (const secret of secrets) expect(everything).not.toContain(secret);
    },
    // Every golden case through ftpsight scan, with its HTML report: seconds on a busy machine.
    120_000,
  );
});
