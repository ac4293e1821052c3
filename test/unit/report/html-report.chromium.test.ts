/**
 * The HTML report in a real browser: Debian's Chromium (`apt-get install chromium`, see
 * test/support/install-chromium.sh) driven by playwright-core, whose own browser builds cannot be
 * downloaded here. Each page comes from the same scan() run that prints `scan --format json`; it is opened
 * from its file with every other request refused, and the figures it shows are read back from the DOM and
 * compared with that JSON. The samples' screenshot is kept in test/artifacts/; UPDATE_SCREENSHOT=1 also
 * refreshes the README's copy in docs/images/.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { SessionJson } from '../../../src/ecs/session-document';
import { MAX_ROWS, scanNotes } from '../../../src/report/rows';
import { scan } from '../../../src/scan/scan';
import { isExposure, type MalformedJson, type ScanSummary } from '../../../src/report/summary';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';
import { shownModes } from '../../../src/report/time-histogram';
import { goldenCases, goldenSettings, REPO_ROOT } from '../../support/golden';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts');
const README_SCREENSHOT = join(REPO_ROOT, 'docs', 'images', 'html-report.png');
const SAMPLES = join(REPO_ROOT, 'samples', 'iis');
const CASES = goldenCases('iis');

jest.setTimeout(30_000);

interface ScanJson {
  sessions: SessionJson[];
  malformed: MalformedJson[];
  summary: ScanSummary;
}

let browser: Browser;
let page: Page;
let tmp: string;
/** The one URL that may load: the page being checked. */
let allowed = '';
/** Console errors, page errors, dialogs and requests other than the page's own file, since the last visit. */
let problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: the HTML report tests need Debian's browser. ` +
        'Run `apt-get install chromium` as root (or bash test/support/install-chromium.sh).',
    );
  }
  // launch() starts from a new, empty profile of its own every time: no state leaks between runs.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await openPage(browser);
  tmp = mkdtempSync(join(tmpdir(), 'ftpsight-html-'));
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
});

/** One page for every visit (the report has no script or storage to carry over), watched for problems. */
async function openPage(b: Browser): Promise<Page> {
  const context = await b.newContext({ viewport: { width: 1280, height: 800 } });
  // Nothing but the file itself may load; a request blocked by the page's own policy is still reported.
  await context.route('**/*', (route) =>
    route.request().url() === allowed ? route.continue() : route.abort(),
  );
  const p = await context.newPage();
  // Everything is in the file once it has loaded: a missing element fails at once, not at the test's timeout.
  p.setDefaultTimeout(2_000);
  p.on('request', (r) => void (r.url() !== allowed && problems.push(`request: ${r.url()}`)));
  p.on('console', (m) => void (m.type() === 'error' && problems.push(`console error: ${m.text()}`)));
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    return d.dismiss();
  });
  return p;
}

/** `scan INPUTS --format json --html FILE`, in process: the JSON printed and the page written by one run. */
async function generate(name: string, inputs: string[], implicitPorts?: number[]) {
  const file = join(tmp, `${name}.html`);
  let printed = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed += chunk.toString();
      done();
    },
  });
  const sessionizer = {
    ...DEFAULT_SESSIONIZER_OPTIONS,
    ...(implicitPorts === undefined ? {} : { implicitPorts: new Set(implicitPorts) }),
  };
  await scan({
    inputs,
    output: 'json',
    sessionizer,
    keepOriginal: false,
    progress: false,
    stdout,
    html: file,
  });
  return { file, json: JSON.parse(printed) as ScanJson };
}

/** The little of the DOM that visit() reads, declared here: the project compiles without the DOM library. */
interface DomElement {
  readonly id: string;
  readonly textContent: string | null;
  readonly cells: Iterable<DomElement>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  closest(selector: string): DomElement | null;
}
declare const document: {
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
};

/** What a reader sees, read from the DOM in one round trip. */
interface Shown {
  kpis: Record<string, string>;
  tables: Record<string, string[][]>;
  counts: Record<string, string>;
  protection: string[];
  notes: number;
  charts: number;
  emptyTime: string | null;
}

async function visit(file: string): Promise<Shown> {
  allowed = pathToFileURL(file).href;
  problems = [];
  await page.goto(allowed, { waitUntil: 'load' });
  return page.evaluate(() => {
    const text = (e: DomElement | null) => (e?.textContent ?? '').trim();
    const all = (selector: string) => [...document.querySelectorAll(selector)];
    const cells = (id: string) => all(`#${id} tbody tr`).map((r) => [...r.cells].map(text));
    const empty = document.querySelector('#time .empty');
    return {
      kpis: Object.fromEntries(
        all('[data-kpi]').map((k) => [k.getAttribute('data-kpi'), text(k.querySelector('.kpi-value'))]),
      ),
      tables: Object.fromEntries(
        ['time-table', 'server-table', 'exposure-table', 'malformed-table'].map((id) => [id, cells(id)]),
      ),
      counts: Object.fromEntries(
        all('section[id] h2 .count').map((c) => [c.closest('section')?.id, text(c)]),
      ),
      protection: all('#protection .legend strong').map(text),
      notes: all('#notes li').length,
      charts: all('svg.chart').length,
      emptyTime: empty === null ? null : text(empty),
    };
  });
}

const number = (shown: string) => Number(shown.replace(/[(),]/g, ''));
const grouped = (n: number) => n.toLocaleString('en-US');
const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);

/** Every figure the page shows, against the JSON of the same run. */
function expectSameFigures(shown: Shown, { summary: s, sessions }: ScanJson): void {
  expect(shown.kpis).toEqual({
    sessions: grouped(s.sessions),
    'ftps-share': percent(s.tls_mode.implicit + s.tls_mode.explicit, s.sessions),
    'password-exposures': grouped(s.password_exposures),
    'users-exposed': grouped(s.users_exposed),
    'failed-logins-in-clear': grouped(s.failed_logins_in_clear),
    judged: grouped(s.coverage.sessions_judged),
    malformed: grouped(s.malformed),
  });
  expectTimeTable(shown, s);
  const modes = shownModes(s.tls_mode);
  expect(
    shown.tables['server-table'].map((r) => [r[0], number(r[1]), r[3], ...r.slice(4).map(number)]),
  ).toEqual(
    s.servers
      .slice(0, MAX_ROWS)
      .map((v) => [
        v.server,
        v.sessions,
        percent(v.implicit + v.explicit, v.sessions),
        ...modes.map((m) => v[m]),
        v.password_in_clear,
        v.username_only,
      ]),
  );
  const exposures = sessions.filter(isExposure);
  expect(number(shown.counts.exposures)).toBe(exposures.length);
  expect(shown.tables['exposure-table'].map((r) => r[1])).toEqual(
    exposures.slice(0, MAX_ROWS).map((j) => j.user ?? '-'),
  );
  const p = s.explicit_data_protection;
  expect(shown.protection.map(number)).toEqual(
    s.tls_mode.explicit === 0 ? [] : [p.private, p.mixed, p.clear, p.unknown],
  );
  expect(shown.tables['malformed-table']).toHaveLength(Math.min(s.malformed, MAX_ROWS));
  expect(shown.notes).toBe(scanNotes(s).length);
}

/** The chart's numbers (its data table) add up to the sessions of each FTPS mode shown, then all. */
function expectTimeTable(shown: Shown, s: ScanSummary): void {
  const rows = shown.tables['time-table'];
  const column = (i: number) => rows.reduce((sum, r) => sum + number(r[i]), 0);
  const modes = shownModes(s.tls_mode);
  expect([...modes, 'all'].map((_, i) => column(i + 1))).toEqual([
    ...modes.map((m) => s.tls_mode[m]),
    s.sessions,
  ]);
  expect(shown.charts).toBe(s.sessions === 0 ? 0 : 1);
  expect(shown.emptyTime).toBe(s.sessions === 0 ? 'No sessions in these logs.' : null);
}

/** Generates the report, opens it, and checks that it loads cleanly and shows the JSON's figures. */
async function check(name: string, inputs: string[], implicitPorts?: number[]): Promise<Shown> {
  const { file, json } = await generate(name, inputs, implicitPorts);
  const shown = await visit(file);
  expect(problems).toEqual([]);
  expectSameFigures(shown, json);
  return shown;
}

describe('HTML report in Chromium', () => {
  it('samples/iis: renders cleanly, shows the JSON figures; screenshot kept', async () => {
    // Relative, as a user would type it: the header (and the README's screenshot) shows it.
    await check('samples', [relative(process.cwd(), SAMPLES)]);
    const screenshot = join(ARTIFACTS, 'html-report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
      copyFileSync(screenshot, README_SCREENSHOT);
    }
  });

  it('all IIS fixture cases together', async () => {
    await check(
      'fixtures',
      CASES.map((c) => c.input),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-fixtures.png'), fullPage: true });
  });

  it.each(CASES.map((c) => [c.name, c] as const))('fixture case %s', async (name, c) => {
    await check(name, [c.input], [...goldenSettings(c).sessionizer.implicitPorts]);
  });
});

describe('HTML report from hostile logs', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const IMG = '"><img src=x onerror=alert(1)>';
  const SITE = '<svg/onload=alert(3)>';
  const HEADER = [
    '#Software: Microsoft Internet Information Services 10.0',
    '#Version: 1.0',
    '#Fields: date time s-sitename c-ip c-port cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath',
  ];

  /** A plaintext login by `user`; IIS writes a space in a field as "+". */
  function session(n: number, user: string): string[] {
    const u = user.replace(/ /g, '+');
    const line = (s: number, name: string, verb: string, arg: string, status: string) =>
      `2024-03-05 10:0${n}:0${s} ${SITE} 10.9.9.9 4000${n} ${name} 10.0.0.5 21 ${verb} ${arg} ${status} 0 0 s${n} -`;
    return [
      line(0, '-', 'ControlChannelOpened', '-', '-'),
      line(1, '-', 'USER', u, '331'),
      line(2, u, 'PASS', '***', '230'),
      line(3, u, 'ControlChannelClosed', '-', '-'),
    ];
  }

  it('shows user, site and file names as text: no element, script, dialog or request comes of them', async () => {
    const dir = mkdtempSync(join(tmp, 'hostile-'));
    const log = join(dir, `${IMG.replace('alert(1)', 'alert(2)')}.log`);
    const lines = [...HEADER, ...session(1, SCRIPT), ...session(2, IMG), 'a broken line <b>x</b>'];
    writeFileSync(log, lines.join('\r\n') + '\r\n');

    const shown = await check('hostile', [log]);
    expect(await page.locator('script, img, iframe, object, embed, main svg[onload]').count()).toBe(0);
    expect(shown.tables['exposure-table'].map((r) => r[1])).toEqual([SCRIPT, IMG]);
    expect(shown.tables['exposure-table'].map((r) => r[3])).toEqual([
      `${SITE} 10.0.0.5:21`,
      `${SITE} 10.0.0.5:21`,
    ]);
    expect(shown.tables['malformed-table'][0][0]).toBe(log);
    expect(await page.textContent('header .meta')).toContain(log);
  });

  it('a log without sessions gives a page that says so', async () => {
    const log = join(tmp, 'empty.log');
    writeFileSync(log, HEADER.join('\r\n') + '\r\n');
    const shown = await check('empty', [log]);
    expect(shown.emptyTime).toBe('No sessions in these logs.');
  });
});
