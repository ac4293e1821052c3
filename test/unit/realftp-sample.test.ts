/**
 * The committed run of test/realftp (sample-output/: real vsftpd, ProFTPD and Pure-FTPd logs and the
 * manifest of what the client sent on the wire), scanned on every run, without root or servers: the
 * same plans and comparison as test/integration/realftp.test.ts, through `ftpsight scan` itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess } from '../support/cli';
import {
  comparePlan,
  expectedOf,
  plans,
  readManifest,
  type FoundSession,
  type ScanPlan,
} from '../integration/realftp-manifest';

const SAMPLE = join(__dirname, '..', 'realftp', 'sample-output');
const manifest = readManifest(join(SAMPLE, 'manifest.json'));
let work: string;

beforeAll(() => (work = mkdtempSync(join(tmpdir(), 'ftpsight-realftp-sample-'))));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function scan(plan: ScanPlan, format: 'json' | 'ndjson', i: number) {
  const deadLetter = join(work, `${i}.${format}.dead-letter`);
  const inputs = plan.inputs.map((p) => join(SAMPLE, p));
  const args = [
    'scan',
    ...inputs,
    ...plan.args,
    '--format',
    format,
    '--no-progress',
    '--dead-letter',
    deadLetter,
  ];
  const run = await runCliInProcess(args);
  if (run.code !== 0) throw new Error(`${plan.label}: scan exited ${run.code}\n${run.stderr}`);
  return { ...run, output: run.stdout + run.stderr + readFileSync(deadLetter, 'latin1') };
}

describe.each(plans(manifest).map((plan, i) => [plan.label, plan, i] as const))(
  'the committed real %s logs',
  (_label, plan, i) => {
    it('give every session of the manifest with its verdicts, no other, no malformed line, no secret', async () => {
      const json = await scan(plan, 'json', i);
      const ndjson = await scan(plan, 'ndjson', i);
      const { sessions, summary } = JSON.parse(json.stdout) as {
        sessions: FoundSession[];
        summary: { malformed: number };
      };
      const expected = expectedOf(manifest, plan);
      expect(expected.length).toBeGreaterThan(0);
      const c = comparePlan(manifest, plan, sessions);
      expect(c.problems).toEqual([]);
      expect({ matched: c.matched, right: c.right }).toEqual({
        matched: expected.length,
        right: expected.length,
      });
      expect(summary.malformed).toBe(0);
      for (const secret of manifest.secrets.values) {
        expect(json.output).not.toContain(secret);
        expect(ndjson.output).not.toContain(secret);
      }
    });
  },
);

it('the sample holds every server, and the secrets the check above looks for', () => {
  expect(new Set(plans(manifest).map((p) => p.server))).toEqual(new Set(['vsftpd', 'proftpd', 'pure-ftpd']));
  const logs = manifest.files.map((f) => readFileSync(join(SAMPLE, f.path), 'latin1')).join('\n');
  expect(manifest.secrets.values.filter((s) => logs.includes(s)).length).toBeGreaterThan(0);
});
