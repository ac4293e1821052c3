/** The comparison the real-server test relies on (test/integration/realftp-manifest.ts) catches what it must. */
import { join } from 'node:path';
import {
  compareToManifest,
  fromSessionDocument,
  readManifest,
  type FoundSession,
  type ManifestSession,
} from '../integration/realftp-manifest';

const manifest = readManifest(join(__dirname, '..', 'realftp', 'sample-output', 'manifest.json'));
const vsftpd = manifest.sessions.filter((s) => s.server === 'vsftpd');

/** A session as a perfect parser would find it: the second of the manifest start, the expected verdicts. */
function found(m: ManifestSession, line: number): FoundSession {
  const second = new Date(Math.floor(Date.parse(m.start) / 1000) * 1000).toISOString();
  const { username, ...verdicts } = m.expected;
  return {
    id: m.id,
    server: { port: m.listener.port },
    client: { ip: m.client.source_ip },
    user: username === 'anonymous' ? 'ftp' : username,
    start: second,
    end: m.end,
    first_line: { file: 'vsftpd.log', line },
    ...verdicts,
  };
}
const perfect = () => vsftpd.map(found);

describe('compareToManifest', () => {
  it('matches every session of a perfect scan, whatever the order of the list', () => {
    const c = compareToManifest(vsftpd, perfect().reverse());
    expect(c).toEqual({
      expected: vsftpd.length,
      matched: vsftpd.length,
      right: vsftpd.length,
      problems: [],
    });
  });

  it('tells apart sessions that start in the same second by the line they start at', () => {
    const [j1, j2] = ['j1', 'j2'].map((id) => vsftpd.findIndex((s) => s.scenario_id === id));
    const list = perfect();
    list[j2] = { ...list[j2], start: list[j1].start };
    expect(compareToManifest(vsftpd, list).problems).toEqual([]);
    list[j2] = { ...list[j2], first_line: { file: 'vsftpd.log', line: -1 } };
    expect(compareToManifest(vsftpd, list).right).toBe(vsftpd.length - 2);
  });

  it('reports a wrong verdict', () => {
    const list = perfect();
    list[0] = { ...list[0], tls_mode: 'explicit' };
    const c = compareToManifest(vsftpd, list);
    expect([c.matched, c.right]).toEqual([vsftpd.length, vsftpd.length - 1]);
    expect(c.problems).toEqual([
      expect.stringMatching(/^vsftpd-k-connect-quit-ftplib: tls_mode expected none/),
    ]);
  });

  it('reports a session not found, and each session found in excess', () => {
    const list = perfect();
    const e = vsftpd.findIndex((s) => s.scenario_id === 'e');
    list.push({ ...list[e], id: 'half', user: null });
    list[e] = { ...list[e], server: { port: 1 } };
    const c = compareToManifest(vsftpd, list);
    expect(c.matched).toBe(vsftpd.length - 1);
    expect(c.problems).toEqual([
      expect.stringMatching(/^vsftpd-e-required-refuses-user-ftplib: no session found/),
      expect.stringMatching(/^session found but not in the manifest: user ftpsight-user/),
      expect.stringMatching(/^session found but not in the manifest: user null/),
    ]);
  });

  it('reads session documents read back from the engine', () => {
    const s = fromSessionDocument({
      destination: { port: 2121 },
      source: { ip: '127.0.0.1' },
      user: { name: 'ftp' },
      event: { start: '2026-11-26T20:55:50.000Z', end: '2026-11-26T20:55:50.000Z' },
      ftpsight: {
        session: {
          id: 'x',
          tls_mode: 'none',
          data_protection: 'clear',
          credentials_exposed: 'username_and_password',
          login: 'success',
          anonymous: true,
        },
      },
    });
    const h = vsftpd.filter((m) => m.scenario_id === 'h');
    expect(compareToManifest(h, [s]).right).toBe(1);
  });
});
