/**
 * Real servers, real clients, real logs: runs test/realftp (vsftpd, ProFTPD and Pure-FTPd on loopback,
 * driven by curl, lftp and ftplib), scans each server's fresh logs with the built CLI, and matches every
 * session of the manifest to exactly one session found, comparing the five verdicts. Needs root and the
 * servers (`sudo bash test/realftp/install.sh`).
 *
 * Then ships the same logs with the same options to the real engine and compares the session documents
 * read back from it in the same way.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { supportedLogTypes } from '../../src/formats';
import { openSearchClient, testEngine } from './engine';
import {
  allDocuments,
  ensureSetup,
  eventsIndex,
  freshNamespace,
  runCli,
  sessionsIndexPattern,
} from './ship-support';
import {
  compareToManifest,
  comparePlan,
  expectedOf,
  fromSessionDocument,
  LOG_TYPE,
  plans,
  readManifest,
  type Comparison,
  type FoundSession,
  type Manifest,
  type ManifestSession,
  type ScanPlan,
} from './realftp-manifest';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const INSTALL_HINT = 'run `sudo bash test/realftp/install.sh` first (CI: .ci/run does)';

interface ScanResult {
  readonly plan: ScanPlan;
  readonly sessions: FoundSession[];
  readonly malformed: number;
  /** Everything the scans wrote (json, ndjson with event.original, stderr, dead letters). */
  readonly output: string;
}

function runHarness(out: string): void {
  if (process.getuid?.() !== 0)
    throw new Error(`test/realftp needs root (it starts FTP servers); ${INSTALL_HINT}`);
  const run = spawnSync('bash', [join(ROOT, 'test/realftp/run.sh'), out], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (run.status === 0) return;
  const missing = /missing \S+: run test\/realftp\/install\.sh/.test(run.stderr);
  throw new Error(
    (missing
      ? `The real FTP servers are not installed: ${INSTALL_HINT}.\n`
      : 'test/realftp/run.sh failed.\n') + `exit ${run.status ?? run.signal}\n${run.stderr.slice(-4000)}`,
  );
}

function scanOnce(dir: string, plan: ScanPlan, format: 'json' | 'ndjson', deadLetter: string) {
  const args = [CLI, 'scan', ...plan.inputs.map((p) => join(dir, p)), ...plan.args];
  const run = spawnSync(
    process.execPath,
    [...args, '--format', format, '--no-progress', '--dead-letter', deadLetter],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (run.status !== 0) throw new Error(`${plan.label}: scan exited ${run.status}\n${run.stderr}`);
  return { stdout: run.stdout, stderr: run.stderr + readFileSync(deadLetter, 'utf8') };
}

function scanPlan(dir: string, work: string, plan: ScanPlan, i: number): ScanResult {
  const json = scanOnce(dir, plan, 'json', join(work, `${i}.json.dead-letter`));
  const ndjson = scanOnce(dir, plan, 'ndjson', join(work, `${i}.ndjson.dead-letter`));
  const parsed = JSON.parse(json.stdout) as { sessions: FoundSession[]; summary: { malformed: number } };
  const output = json.stdout + json.stderr + ndjson.stdout + ndjson.stderr;
  return { plan, sessions: parsed.sessions, malformed: parsed.summary.malformed, output };
}

/** Holds the run (`run/`: logs, manifest) and the scans' dead letters; FTPSIGHT_REALFTP_KEEP=1 keeps it. */
let base: string | undefined;
let dir: string;
let manifest: Manifest;
const results = new Map<string, ScanResult[]>();
const comparisons = new Map<string, Comparison>();
/** Everything each ship wrote or indexed: stdout, stderr (its logs), registry, dead letter, documents. */
const shipped: { label: string; output: string }[] = [];

function readIfExists(path: string): string {
  return existsSync(path) ? readFileSync(path, 'latin1') : '';
}

beforeAll(() => {
  const scratch = mkdtempSync(join(tmpdir(), 'ftpsight-realftp-'));
  base = scratch;
  dir = join(scratch, 'run');
  runHarness(dir);
  manifest = readManifest(join(dir, 'manifest.json'));
  plans(manifest).forEach((plan, i) => {
    // A server without a parser is not scanned here: its test below fails and says so.
    if (!supportedLogTypes().includes(LOG_TYPE[plan.server])) return;
    results.set(plan.server, [...(results.get(plan.server) ?? []), scanPlan(dir, scratch, plan, i)]);
  });
}, 600_000);

afterAll(() => {
  if (comparisons.size > 0) process.stdout.write(accuracyTable() + '\n');
  if (base === undefined) return;
  if (process.env.FTPSIGHT_REALFTP_KEEP === '1') process.stdout.write(`test/realftp run kept in ${base}\n`);
  else rmSync(base, { recursive: true, force: true });
});

describe.each(Object.keys(LOG_TYPE))('real %s logs', (server) => {
  it('give every session of the manifest, with its verdicts, and no other session', () => {
    if (!supportedLogTypes().includes(LOG_TYPE[server])) {
      throw new Error(
        `No ${server} parser (log type ${LOG_TYPE[server]} in src/formats): its real logs went unread`,
      );
    }
    expect(manifest.sessions.filter((s) => s.server === server).length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const r of results.get(server) ?? []) {
      const c = comparePlan(manifest, r.plan, r.sessions);
      comparisons.set(r.plan.label, c);
      problems.push(...c.problems.map((p) => `${r.plan.label}: ${p}`));
      if (r.malformed > 0) problems.push(`${r.plan.label}: ${r.malformed} malformed line(s)`);
    }
    const covered = [...comparisons].filter(([label]) => label.startsWith(server)).map(([, c]) => c);
    expect(covered.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

describe('a real commands-only ProFTPD ExtendedLog', () => {
  it('misjudges implicit TLS on its own, and is put right by the TLSLog beside it', () => {
    const plan = plans(manifest).find((p) => p.commandsOnly === true);
    if (plan === undefined) throw new Error('no commands-only ProFTPD plan');
    const implicit = expectedOf(manifest, plan).filter((s) => s.expected.tls_mode === 'implicit');
    expect(implicit.length).toBeGreaterThan(0);
    const alone = scanPlan(dir, base ?? tmpdir(), { ...plan, inputs: plan.inputs.slice(0, 1) }, 99);
    const compared = compareToManifest(implicit, alone.sessions);
    // Without the TLSLog, nothing in the log tells an implicit listener from a plain one.
    expect(compared.matched).toBe(implicit.length);
    expect(compared.problems.filter((p) => p.includes('tls_mode expected implicit, got none'))).toHaveLength(
      implicit.length,
    );
    const merged = results.get('proftpd')?.find((r) => r.plan.label === plan.label);
    expect(merged?.plan.inputs).toEqual(plan.inputs);
    expect(compareToManifest(implicit, merged?.sessions ?? []).right).toBe(implicit.length);
  });
});

/**
 * What a vsftpd log without log_ftp_protocol=YES can show of a session of the manifest: whether and
 * how it logged in, never what TLS would have hidden. vsftpd writes FAIL LOGIN only when it checked a
 * password: a USER it refused outright (TLS required) leaves no trace of the user or the attempt.
 */
function blindView(m: ManifestSession): ManifestSession {
  const checked = m.expected.login !== 'failure' || (m.refusal_reply ?? '').includes('Login incorrect');
  const unknown = { tls_mode: 'unknown', data_protection: 'unknown', credentials_exposed: 'unknown' };
  return {
    ...m,
    expected: checked
      ? { ...m.expected, ...unknown }
      : { ...m.expected, ...unknown, login: 'none', username: null },
  };
}

describe('real vsftpd logs without log_ftp_protocol (their command lines taken out)', () => {
  it('give every session with its login, and unknown TLS, credentials and data protection', () => {
    const problems: string[] = [];
    for (const plan of plans(manifest).filter((p) => p.server === 'vsftpd')) {
      const log = readFileSync(join(dir, plan.inputs[0], 'vsftpd.log'), 'utf8');
      const kept = log.split('\n').filter((l) => !/\] FTP (command|response): /.test(l));
      expect(kept.length).toBeLessThan(log.split('\n').length);
      const blindDir = join(base ?? tmpdir(), `blind-${plan.listener ?? 'all'}`);
      mkdirSync(blindDir, { recursive: true });
      writeFileSync(join(blindDir, 'vsftpd.log'), kept.join('\n'));
      const r = scanPlan(blindDir, base ?? tmpdir(), { ...plan, inputs: ['vsftpd.log'] }, 200);
      const c = compareToManifest(expectedOf(manifest, plan).map(blindView), r.sessions);
      comparisons.set(`${plan.label} (no log_ftp_protocol)`, c);
      // Their OK LOGIN lines carry the anonymous e-mail password.
      for (const secret of manifest.secrets.values)
        if (r.output.includes(secret))
          problems.push(`${plan.label} without the protocol: a secret is in the output`);
      problems.push(...c.problems.map((p) => `${plan.label} without the protocol: ${p}`));
    }
    expect(problems).toEqual([]);
  });
});

describe('real logs shipped to the engine', () => {
  it('give the same verdicts, read back from the session documents', async () => {
    const engine = testEngine();
    await ensureSetup(engine.url);
    const client = openSearchClient();
    const problems: string[] = [];
    for (const [i, plan] of plans(manifest).entries()) {
      const ns = freshNamespace();
      const inputs = plan.inputs.map((p) => join(dir, p));
      const registry = join(base ?? tmpdir(), `ship-${i}.registry.json`);
      const deadLetter = join(base ?? tmpdir(), `ship-${i}.dead-letter.ndjson`);
      const args = [
        ...inputs,
        ...plan.args,
        '--target',
        engine.url,
        '--namespace',
        ns,
        '--registry',
        registry,
        '--dead-letter',
        deadLetter,
      ];
      const r = await runCli(['ship', ...args, '--no-progress']);
      if (r.code !== 0) throw new Error(`${plan.label}: ship exited ${r.code}\n${r.stderr}`);
      const docs = await allDocuments(client, sessionsIndexPattern(ns));
      const events = await allDocuments(client, eventsIndex(ns));
      shipped.push({
        label: plan.label,
        output: [
          r.stdout,
          r.stderr,
          readIfExists(registry),
          readIfExists(deadLetter),
          JSON.stringify([...docs.values(), ...events.values()]),
        ].join('\n'),
      });
      const found = [...docs.values()].map((d) =>
        fromSessionDocument(d as Parameters<typeof fromSessionDocument>[0]),
      );
      problems.push(
        ...comparePlan(manifest, plan, found).problems.map((p) => `${plan.label} (shipped): ${p}`),
      );
    }
    expect(problems).toEqual([]);
  });
});

describe('secrets of the real run', () => {
  it('are in the servers logs (so the check below means something)', () => {
    expect(manifest.secrets.values.length).toBeGreaterThan(0);
    const logs = manifest.files.map((f) => readFileSync(join(dir, f.path), 'latin1')).join('\n');
    expect(manifest.secrets.values.some((secret) => logs.includes(secret))).toBe(true);
  });

  it('never appear in any scan output (json, ndjson with the original lines, stderr, dead letters)', () => {
    const outputs = [...results.values()].flat();
    expect(outputs.length).toBeGreaterThan(0);
    for (const r of outputs) {
      for (const secret of manifest.secrets.values) {
        if (r.output.includes(secret))
          throw new Error(`${r.plan.label}: a secret of the manifest is in the output`);
      }
    }
  });
});

describe('secrets of the real run, shipped', () => {
  it('never appear in what ship printed, logged, checkpointed, dead-lettered or indexed', () => {
    expect(shipped.length).toBeGreaterThan(0);
    for (const { label, output } of shipped) {
      // The originals are indexed (event.original): the check covers the raw lines too.
      expect(output).toContain('"original":');
      for (const secret of manifest.secrets.values) {
        if (output.includes(secret)) throw new Error(`${label}: a secret of the manifest was shipped`);
        if (output.includes(JSON.stringify(secret).slice(1, -1)))
          throw new Error(`${label}: a secret of the manifest was shipped (JSON-escaped)`);
      }
    }
  });
});

function accuracyTable(): string {
  const rows = [['scan', 'expected', 'matched', 'verdicts right', 'problems']];
  for (const [label, c] of comparisons) {
    rows.push([label, String(c.expected), String(c.matched), String(c.right), String(c.problems.length)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))),
  );
  return ['real-server accuracy (test/realftp)', ...lines.map((l) => l.join('  '))].join('\n');
}
