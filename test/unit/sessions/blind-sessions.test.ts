/**
 * Sessions seen only through lines of a log that records no FTP commands (vsftpd without
 * log_ftp_protocol): what their verdicts may claim, and that sessions with the protocol are judged as before.
 */
import type { SourceDeclarations, SourceFile } from '../../../src/core/types';
import { vsftpdFormat } from '../../../src/formats/vsftpd';
import { sessionJson, type SessionJson } from '../../../src/ecs/session-document';
import { sessionDocument } from '../../../src/ecs/session-document-json';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import type { SavedSnapshot } from '../../../src/sessions/snapshot';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SummaryBuilder, isExposure } from '../../../src/report/summary';

const BLIND_V1 = join(__dirname, '../../fixtures/checkpoints/blind-v1.json');

const stamp = (s: number) => `Mon Dec  1 09:00:${String(s).padStart(2, '0')} 2025`;
const line = (s: number, pid: number, rest: string, user?: string) =>
  `${stamp(s)} [pid ${pid}] ${user === undefined ? '' : `[${user}] `}${rest}: Client "192.0.2.10"`;
const connect = (s: number, pid: number) => line(s, pid, 'CONNECT');
const okLogin = (s: number, pid: number, user: string) => line(s, pid, 'OK LOGIN', user);
const failLogin = (s: number, pid: number, user: string) => line(s, pid, 'FAIL LOGIN', user);
const download = (s: number, pid: number, user: string) =>
  `${line(s, pid, 'OK DOWNLOAD', user)}, "/home/${user}/f", 10 bytes, 1.00Kbyte/sec`;
const command = (s: number, pid: number, text: string, user?: string) =>
  `${line(s, pid, 'FTP command', user)}, "${text}"`;
const response = (s: number, pid: number, text: string, user?: string) =>
  `${line(s, pid, 'FTP response', user)}, "${text}"`;

function file(declared?: SourceDeclarations): SourceFile {
  return { path: '/var/log/vsftpd.log', stream: '/var/log', declared };
}

/** Parses the lines and feeds them to a sessionizer (a given parser, to go on after a restore). */
function push(z: Sessionizer, lines: string[], parser = vsftpdFormat.open(file())): void {
  lines.forEach((l, i) => {
    const out = parser.parse(l, i + 1, i * 100);
    if (out.kind !== 'record') throw new Error(`not parsed: ${l}`);
    z.push(out.record);
  });
}

function sessions(lines: string[], declared?: SourceDeclarations): SessionJson[] {
  const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
  push(z, lines, vsftpdFormat.open(file(declared)));
  return z.end().map(sessionJson);
}

const verdict = (j: SessionJson) => ({
  tls: j.tls_mode,
  data: j.data_protection,
  creds: j.credentials_exposed,
  login: j.login,
  anonymous: j.anonymous,
  failed: j.failed_logins,
});

describe('sessions of a log without the commands', () => {
  it('are unknown for TLS, data and credentials, whether or not they logged in', () => {
    const [j] = sessions([connect(0, 5001), okLogin(2, 5000, 'carol'), download(3, 5003, 'carol')]);
    expect(verdict(j)).toEqual({
      tls: 'unknown',
      data: 'unknown',
      creds: 'unknown',
      login: 'success',
      anonymous: false,
      failed: 0,
    });
    expect(j.transfers).toEqual({ private: 0, clear: 1 });
    const [dropped] = sessions([connect(0, 5001)]);
    expect(verdict(dropped)).toMatchObject({
      tls: 'unknown',
      data: 'unknown',
      creds: 'unknown',
      login: 'none',
    });
  });

  it('claim no tls.established in their ECS summary', () => {
    const z = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    push(z, [connect(0, 5001), okLogin(2, 5000, 'carol')]);
    const [s] = z.end();
    const doc = sessionDocument(s);
    expect(doc).toMatchObject({ event: { outcome: 'success' } });
    expect(doc).not.toHaveProperty('tls');
  });

  it('take OK LOGIN as a success, anonymous for the ftp account', () => {
    const [j] = sessions([connect(0, 5011), okLogin(2, 5010, 'ftp'), download(3, 5013, 'ftp')]);
    expect(verdict(j)).toMatchObject({ login: 'success', anonymous: true });
  });

  it('take FAIL LOGIN as a failure, counted once per line', () => {
    const [j] = sessions([connect(0, 5021), failLogin(3, 5020, 'dave'), failLogin(5, 5020, 'dave')]);
    expect(verdict(j)).toMatchObject({ creds: 'unknown', login: 'failure', failed: 2 });
  });

  it('stay implicit when the source is declared implicit: TLS from the first byte hides the credentials', () => {
    const [j] = sessions([connect(0, 5001), okLogin(2, 5000, 'carol'), download(3, 5003, 'carol')], {
      implicit: true,
    });
    expect(verdict(j)).toMatchObject({ tls: 'implicit', creds: 'none', data: 'clear', login: 'success' });
    expect(j.implicit_declared).toBe(true);
  });

  it('are no exposure, and the summary counts them apart', () => {
    const list = sessions([connect(0, 5001), okLogin(2, 5000, 'carol')]);
    expect(list.filter(isExposure)).toEqual([]);
    const summary = new SummaryBuilder();
    list.forEach((j) => summary.addSession(j));
    const s = summary.finish({ files: 1, lines: 2, events: 2 });
    expect(s.tls_mode).toEqual({ implicit: 0, explicit: 0, none: 0, unknown: 1 });
    expect(s.credentials_exposed).toMatchObject({ none: 0, unknown: 1 });
    expect([s.password_exposures, s.failed_logins_in_clear]).toEqual([0, 0]);
    expect(s.servers[0]).toMatchObject({ none: 0, unknown: 1 });
  });
});

describe('a TLS handshake (debug_ssl) in a log without the commands', () => {
  const handshake = (sec: number, pid: number) =>
    `${line(sec, pid, 'DEBUG')}, "SSL version: TLSv1.3, SSL cipher: X, not reused, no cert"`;

  it('proves no implicit TLS: an unlogged AUTH TLS looks the same', () => {
    const [j] = sessions([connect(0, 5001), handshake(0, 5001), okLogin(1, 5000, 'carol')]);
    expect(verdict(j)).toMatchObject({ tls: 'unknown', creds: 'unknown', login: 'success' });
  });

  it('proves implicit TLS once the commands show it came before the banner', () => {
    const [j] = sessions([
      connect(0, 5001),
      handshake(0, 5001),
      response(0, 5001, '220 (vsFTPd 3.0.3)'),
      command(1, 5001, 'USER carol'),
    ]);
    expect(verdict(j)).toMatchObject({ tls: 'implicit', creds: 'none' });
  });

  it('after a logged AUTH TLS stays explicit', () => {
    const [j] = sessions([
      connect(0, 5001),
      response(0, 5001, '220 (vsFTPd 3.0.3)'),
      command(0, 5001, 'AUTH TLS'),
      response(0, 5001, '234 Proceed with negotiation.'),
      handshake(0, 5001),
      command(1, 5001, 'USER carol'),
    ]);
    expect(verdict(j)).toMatchObject({ tls: 'explicit', creds: 'none' });
  });
});

describe('sessions whose log records the commands', () => {
  it('are judged on them: one protocol line is enough', () => {
    const [j] = sessions([
      connect(0, 600),
      response(0, 600, '220 (vsFTPd 3.0.3)'),
      command(1, 600, 'USER bob'),
      response(1, 600, '331 Please specify the password.', 'bob'),
      command(2, 600, 'PASS <password>', 'bob'),
      okLogin(2, 599, 'bob'),
      response(2, 601, '230 Login successful.', 'bob'),
      download(3, 601, 'bob'),
    ]);
    expect(verdict(j)).toEqual({
      tls: 'none',
      data: 'clear',
      creds: 'username_and_password',
      login: 'success',
      anonymous: false,
      failed: 0,
    });
  });

  it('count a refused login once (its 530), and keep a success', () => {
    const [failed] = sessions([
      connect(0, 700),
      response(0, 700, '220 (vsFTPd 3.0.3)'),
      command(1, 700, 'USER bob'),
      command(2, 700, 'PASS <password>', 'bob'),
      failLogin(3, 699, 'bob'),
      response(4, 700, '530 Login incorrect.', 'bob'),
    ]);
    expect(verdict(failed)).toMatchObject({ login: 'failure', failed: 1, creds: 'username_and_password' });

    const [late] = sessions([
      connect(0, 800),
      response(0, 800, '220 (vsFTPd 3.0.3)'),
      command(1, 800, 'USER bob'),
      command(2, 800, 'PASS <password>', 'bob'),
      okLogin(3, 799, 'bob'),
      response(3, 801, '230 Login successful.', 'bob'),
      failLogin(4, 799, 'bob'),
    ]);
    expect(verdict(late).login).toBe('success');
  });
});

describe('a checkpoint', () => {
  /** A session opened by CONNECT, checkpointed (`saved`), then continued by a restored sessionizer. */
  function resumed(saved: (before: Sessionizer) => SavedSnapshot): SessionJson {
    const parser = vsftpdFormat.open(file());
    const before = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    push(before, [connect(0, 5001)], parser);
    const after = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    after.restore(saved(before));
    push(after, [okLogin(2, 5000, 'carol')], parser);
    const [j] = after.end().map(sessionJson);
    return j;
  }

  it('keeps a session blind across a restart', () => {
    const j = resumed((before) => JSON.parse(before.snapshotText()) as SavedSnapshot);
    expect(verdict(j)).toMatchObject({ tls: 'unknown', creds: 'unknown', login: 'success' });
  });

  it('written before sessions could be blind reads as one whose commands were logged', () => {
    // The same session as main's build checkpointed it (e0c3866, version 1), its `blind` taken out.
    const j = resumed(() => {
      const v1 = JSON.parse(readFileSync(BLIND_V1, 'utf8')) as { sessions: Record<string, unknown>[] };
      expect(v1.sessions[0].blind).toBe(true);
      v1.sessions.forEach((s) => delete s.blind);
      return v1 as unknown as SavedSnapshot;
    });
    expect(verdict(j)).toMatchObject({ tls: 'none', data: 'unknown', creds: 'none', login: 'success' });
  });
});
