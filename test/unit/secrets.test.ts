/** Never create the exposure we report: no password a fixture log holds may reach any output. */
import { readFileSync, mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { scan, type OutputFormat } from '../../src/report/scan';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../src/sessions/sessionizer';
import { FIXTURES } from '../support/golden';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Secrets as the raw logs hold them: PASS arguments other than IIS's mask, and SITE PSWD words. */
function fixtureSecrets(): string[] {
  const secrets = new Set<string>();
  for (const file of filesUnder(FIXTURES).filter((f) => /\.log(\.gz)?$/.test(f))) {
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
    for (const m of text.matchAll(/\bPASS[ +"]+([^ \r\n"]+)/gi))
      if (m[1] !== '***' && m[1] !== '-') secrets.add(m[1]);
    for (const m of text.matchAll(/\bPSWD\+(\S+)/g)) for (const word of m[1].split('+')) secrets.add(word);
  }
  return [...secrets];
}

async function scanAll(output: OutputFormat, deadLetter: string): Promise<string> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(Buffer.from(c));
    return true;
  });
  try {
    await scan({
      inputs: [FIXTURES],
      output,
      sessionizer: DEFAULT_SESSIONIZER_OPTIONS,
      deadLetter,
      keepOriginal: true,
      progress: false,
      stdout: sink,
    });
  } finally {
    stderr.mockRestore();
  }
  return Buffer.concat(chunks).toString('utf8') + readFileSync(deadLetter, 'utf8');
}

describe('secrets in fixture logs', () => {
  const secrets = fixtureSecrets();
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ftpsight-secrets-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are found in the fixtures (so the check below means something)', () => {
    expect(secrets).toEqual(
      expect.arrayContaining(['Tr0ub4dor&3', 'guest@example.net', 'hunter2', 'correct-horse']),
    );
  });

  it.each(['table', 'json', 'ndjson'] as const)(
    'never appear in --format %s, stderr or the dead-letter file',
    async (format) => {
      const everything = await scanAll(format, join(dir, `${format}.dead-letter.ndjson`));
      expect(everything.length).toBeGreaterThan(1000);
      for (const secret of secrets) expect(everything).not.toContain(secret);
    },
  );
});
