/** The page as a string: self-contained, and inert whatever the logs hold (see the Chromium test for the DOM). */
import { ExposureBuilder } from '../../../../src/report/exposed-accounts';
import type { SessionJson } from '../../../../src/ecs/session-document';
import { renderPage, type ReportInput } from '../../../../src/report/html/page';
import { CappedList, ExposureList } from '../../../../src/report/rows';
import { SummaryBuilder, type MalformedJson } from '../../../../src/report/summary';
import { TimeHistogramBuilder } from '../../../../src/report/time-histogram';

const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"];

function session(user: string, over: Partial<SessionJson> = {}): SessionJson {
  return {
    id: 'id',
    server: { ip: '10.0.0.5', port: 21, site: PAYLOADS[2] },
    client: { ip: '192.0.2.1', port: 40000 },
    user,
    start: '2024-03-01T08:00:00.000Z',
    end: '2024-03-01T08:00:05.000Z',
    tls_mode: 'none',
    data_protection: 'clear',
    credentials_exposed: 'username_and_password',
    login: 'success',
    anonymous: false,
    ambiguous: true,
    partial: false,
    implicit_declared: false,
    closed_by: 'quit',
    auth: { accepted: null, refused: 0 },
    ccc: false,
    prot: null,
    commands: 3,
    failed_logins: 0,
    transfers: { private: 0, clear: 0 },
    bytes: { sent: 0, received: 0 },
    first_line: { file: 'x.log', line: 1 },
    ...over,
  };
}

function input(sessions: SessionJson[], inputs: string[] = ['logs']): ReportInput {
  const summary = new SummaryBuilder();
  const histogram = new TimeHistogramBuilder();
  const exposures = new ExposureList();
  const accounts = new ExposureBuilder();
  const malformed = new CappedList<MalformedJson>();
  for (const s of sessions) {
    summary.addSession(s);
    histogram.addSession(s);
    exposures.addSession(s);
    accounts.add(s);
  }
  const bad: MalformedJson = { file: `/logs/${PAYLOADS[1]}.log`, line: 7, reason: PAYLOADS[0] };
  malformed.add(bad);
  summary.addRejected({
    file: { path: bad.file, stream: '/logs' },
    line: 7,
    offset: 0,
    reason: bad.reason,
    original: '',
  });
  return {
    summary: summary.finish({ files: 1, lines: 10, events: 9 }),
    histogram: histogram.finish(),
    exposures,
    accounts: accounts.finish(),
    malformed,
    inputs,
    generatedAt: new Date('2024-03-03T00:00:00Z'),
    version: '0.0.0-test',
  };
}

describe('renderPage', () => {
  const page = renderPage(
    input(
      PAYLOADS.map((p) => session(p)),
      [...PAYLOADS],
    ),
  );

  it('escapes every string from the logs: user names, server names, file names, reasons, inputs', () => {
    for (const p of PAYLOADS) expect(page).not.toContain(p);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&#39;&gt;&lt;svg onload=alert(1)&gt;');
    expect(page).not.toMatch(/<(script|img|iframe|object|embed|link)\b/i);
    expect(page).not.toMatch(/<svg onload/i);
  });

  it('loads nothing: no URL, no external reference, and a policy that forbids any', () => {
    // Inside a tag: the escaped payloads above hold "src=" as text, which is what makes them inert.
    expect(page).not.toMatch(/<[^>]*\b(src|href|action|xlink:href)\s*=/i);
    expect(page).not.toMatch(/url\((?!#)/);
    expect(page).not.toMatch(/@import|https?:\/\//);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
  });

  it('is one HTML document with its language, title and style', () => {
    expect(page).toMatch(/^<!DOCTYPE html>\s*<html lang="en">/);
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page).toContain('<title>FTPS audit · ftpsight</title>');
    expect(page.trimEnd()).toMatch(/<\/html>$/);
  });

  it('shows the notes the terminal table shows', () => {
    expect(page).toContain('3 sessions are ambiguous');
  });

  it('names the first inputs and counts the rest', () => {
    const many = renderPage(input([], ['a', 'b', 'c', 'd', 'e', 'f', 'g']));
    expect(many).toContain('Input: a, b, c, d, e and 2 more');
  });

  it('lists the accounts whose password to rotate, escaped like the rest', () => {
    expect(page).toContain('id="accounts"');
    expect(page).toContain('rotate now');
  });

  it('renders a scan without sessions', () => {
    const empty = renderPage(input([]));
    expect(empty).toContain('No sessions in these logs.');
    expect(empty).toContain('No session sent credentials in the clear');
    expect(empty).toContain('No account sent its password in the clear');
    expect(empty).toContain('No explicit FTPS session.');
  });
});
