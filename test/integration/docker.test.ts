/**
 * What users with Docker run, run for real: docker-compose.yml's OpenSearch profile, the repository's Dockerfile
 * and the testcontainers path of the integration tests' global setup. A Docker engine from Debian's packages runs
 * images built here by test/docker/build-images.sh (no image registry is reachable): a real OpenSearch from the
 * Maven artifacts test/engine uses, ftpsight from its own Dockerfile, and a stand-in for OpenSearch Dashboards'
 * API (its image cannot be obtained; test/unit/docker checks its service definition against the Compose schema).
 *
 * It installs packages with apt-get, so it runs only with FTPSIGHT_DOCKER_E2E=1 (.ci/run sets it); otherwise it
 * is reported as skipped, with that reason.
 */
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { timeRangeQuery } from '../../src/dashboards/query';
import { loadSpec } from '../../src/dashboards/spec';
import { generateIis } from '../../src/samples/generate-iis';
import {
  ComposeProject,
  REPO,
  buildImages,
  freePort,
  imageSize,
  run,
  runScript,
} from '../docker/docker-support';
import {
  allDocuments,
  countDocuments,
  eventsIndex,
  expectedFromScan,
  pick,
  sessionsIndexPattern,
  summaryOf,
  waitFor,
} from './ship-support';

const NOT_RUN = 'FTPSIGHT_DOCKER_E2E is not 1 (this suite installs docker.io with apt-get and builds images)';
const SHIP = 'ftpsight-opensearch';
/** Where docker-compose.yml has ship keep its registry: in the service's volume. */
const REGISTRY = '/var/lib/ftpsight/registry.json';
const NAMESPACE = 'default';
const MINUTE = 60_000;

/** The mounted log folder at `up`: empty, as a new user's. `ftpsight samples` fills it with logs of the last days. */
function mountLogFolder(logs: string): void {
  mkdirSync(logs);
  // The container's user (UID 1000) writes the samples here, and must be able to read what root adds later.
  chmodSync(logs, 0o777);
}

/**
 * Files of the IIS golden folder that are not dropped, because ship reads them otherwise than as logs of their
 * own, each on purpose and tested elsewhere (ship-user-paths.test.ts):
 * - `rollover-second-day-alone.log` is the second day of the `rollover` folder, the same session seen from its
 *   middle: beside that folder, which file's lines form the partial session depends on the order folders are
 *   read in, which ship does not promise across folders;
 * - `no-fields-directive.log` begins with the same data line as `anonymous.log`: ship takes it for a copy
 *   (input_same_identity);
 * - `legacy-no-fields-directive.log` and the README are no logs ship can read: refused whole at every run
 *   (input_not_a_log, exit 6), which would hide whether the last run read anything;
 * - `malformed.log` ends in a line cut short without its line end: `ship --follow` rightly waits for the rest
 *   of it, the one-shot run reads it as it is and dead-letters it (exit 6), so "reads nothing new" would fail.
 */
const NOT_DROPPED = [
  'rollover-second-day-alone.log',
  'no-fields-directive.log',
  'legacy-no-fields-directive.log',
  'README.md',
  'malformed.log',
];

/** The fixture logs arrive in the mounted folder while ship runs: copied elsewhere, then moved in whole, so that
 * ship reads them in the same order as scan does. */
function dropFixtureLogs(logs: string, scratch: string): void {
  cpSync(join(REPO, 'test/fixtures/iis'), join(scratch, 'fixtures'), {
    recursive: true,
    // A case's expected output (.json) and hand-written verdicts (.verdict.yml) are not logs.
    filter: (src) =>
      !src.endsWith('.json') && !src.endsWith('.verdict.yml') && !NOT_DROPPED.includes(basename(src)),
  });
  renameSync(join(scratch, 'fixtures'), join(logs, 'fixtures'));
}

/** A log of another day appears beside the samples' IIS logs, written elsewhere and moved in whole. */
function addLogFile(logs: string, scratch: string): void {
  const { files } = generateIis({ seed: 12, sessions: 20, startMs: Date.UTC(2024, 2, 3), days: 1 });
  for (const [name, content] of files) {
    writeFileSync(join(scratch, name), content, { mode: 0o644 });
    renameSync(join(scratch, name), join(logs, 'iis/FTPSVC2', name));
  }
}

/** Documents of an index, and those inside the dashboards' saved time range (engine date math: now-30d). */
async function inDashboardRange(client: Client, index: string): Promise<{ all: number; inRange: number }> {
  const spec = loadSpec();
  const count = async (query: object) =>
    (await client.count({ index, body: { query } })).body.count as number;
  return {
    all: await count({ match_all: {} }),
    inRange: await count(timeRangeQuery(spec, spec.dashboard.time)),
  };
}

/** `done` records of ship's JSON log (one per run that stopped cleanly). */
function doneRecords(log: string): Record<string, number>[] {
  return log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string } & Record<string, number>)
    .filter((record) => record.msg === 'done');
}

type Expected = Awaited<ReturnType<typeof expectedFromScan>>;

const SUMMARY_KEYS = Object.keys(summaryOf({ ftpsight: { session: {} }, event: {} }));

/** One event per valid line, each once (allDocuments throws on an id met twice). Events of a session still
 * open wait up to a minute for its verdict (config `verdict_wait`), hence the long wait. */
async function expectEvents(client: Client, expected: Expected): Promise<void> {
  await waitFor(
    'one event per valid line',
    async () => (await countDocuments(client, eventsIndex(NAMESPACE))) >= expected.events.size,
    3 * MINUTE,
  );
  const events = await allDocuments(client, eventsIndex(NAMESPACE));
  expect([...events.keys()].sort()).toEqual([...expected.events.keys()].sort());
}

/** The engine's session summaries, each asserted equal to scan's summary of that session. */
async function expectSummaries(client: Client, expected: Expected): Promise<Set<string>> {
  const sessions = await allDocuments(client, sessionsIndexPattern(NAMESPACE));
  for (const [id, doc] of sessions) {
    expect(summaryOf(doc)).toEqual(
      pick(expected.sessions.get(id) ?? { id: `not in scan: ${id}` }, SUMMARY_KEYS),
    );
  }
  return new Set(sessions.keys());
}

function describeDocker(name: string, suite: () => void): void {
  if (process.env.FTPSIGHT_DOCKER_E2E === '1') return describe(name, suite);
  // Straight to stderr: Jest's reporters drop console output of test files whose tests were all skipped.
  process.stderr.write(`!! Docker suite NOT RUN: ${NOT_RUN}\n`);
  describe(name, () => test.skip(`NOT RUN: ${NOT_RUN}`, () => undefined));
}

describeDocker('Docker: compose OpenSearch profile, Dockerfile, testcontainers', () => {
  let images: Record<string, string>;
  let work: string;
  let logs: string;
  let compose: ComposeProject;
  let composeDefault: ComposeProject;
  let client: Client;
  let dashboardsUrl: string;

  beforeAll(async () => {
    await runScript('install-docker.sh', [], { timeoutMs: 15 * MINUTE });
    await runScript('engine.sh', ['start'], {
      timeoutMs: 2 * MINUTE,
      env: { ...process.env, DOCKER_WATCH_PID: String(process.pid) },
    });
    images = await buildImages();
    for (const image of Object.values(images)) console.log(`image ${image}: ${await imageSize(image)}`);

    work = mkdtempSync(join(tmpdir(), 'ftpsight-compose-'));
    logs = join(work, 'logs');
    mountLogFolder(logs);
    const [enginePort, dashboardsPort] = [await freePort(), await freePort()];
    const settings = [
      `FTPSIGHT_IMAGE=${images.FTPSIGHT_IMAGE}`,
      `OPENSEARCH_IMAGE=${images.OPENSEARCH_IMAGE}`,
      `OPENSEARCH_DASHBOARDS_IMAGE=${images.DASHBOARDS_STUB_IMAGE}`,
      `OPENSEARCH_PORT=${enginePort}`,
      `OPENSEARCH_DASHBOARDS_PORT=${dashboardsPort}`,
      'OPENSEARCH_JAVA_OPTS=-Xms512m -Xmx512m',
    ];
    const envFile = join(work, 'compose.env');
    writeFileSync(envFile, [...settings, `FTPSIGHT_LOGS=${logs}`].join('\n'));
    compose = await ComposeProject.open(`ftpsight-e2e-${process.pid}`, envFile, 'opensearch');
    // The same project without FTPSIGHT_LOGS: its log folder is the default volume, as for a new user.
    const defaultEnvFile = join(work, 'compose-default.env');
    writeFileSync(defaultEnvFile, settings.join('\n'));
    composeDefault = await ComposeProject.open(`ftpsight-e2e-${process.pid}`, defaultEnvFile, 'opensearch');
    client = new Client({ node: `http://127.0.0.1:${enginePort}` });
    dashboardsUrl = `http://127.0.0.1:${dashboardsPort}`;
  }, 45 * MINUTE);

  afterAll(async () => {
    await client?.close();
    await compose?.run(['down', '-v', '-t', '30']).catch((e: Error) => console.error(e.message));
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
    await runScript('engine.sh', ['stop'], { timeoutMs: 2 * MINUTE });
  }, 5 * MINUTE);

  test(
    'up: engine, dashboards, setup, then ship; fixture logs dropped in arrive, summaries equal scan',
    async () => {
      const since = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
      const started = Date.now();
      await compose.run(['up', '-d', SHIP], { timeoutMs: 10 * MINUTE });
      const upTook = since(started);
      await waitFor(
        'the first indexed document',
        async () => (await countDocuments(client, eventsIndex(NAMESPACE))) > 0,
        3 * MINUTE,
      );
      console.log(
        `\`up -d\` returned after ${upTook} (engine and dashboards healthy, setup done, ship started); ` +
          `first document indexed ${since(started)} after \`up\``,
      );
      // First open: the samples written at `up`, all shipped, all inside the range the dashboards open on.
      const samples = await expectedFromScan([logs]);
      expect(samples.sessions.size).toBeGreaterThan(0);
      await expectEvents(client, samples);
      // Sessions closed by their last line are summarized at once; the others when later lines come.
      await waitFor(
        'summaries of sample sessions',
        async () => (await countDocuments(client, sessionsIndexPattern(NAMESPACE))) > 0,
        MINUTE,
      );
      for (const index of [eventsIndex(NAMESPACE), sessionsIndexPattern(NAMESPACE)]) {
        const { all, inRange } = await inDashboardRange(client, index);
        expect([index, inRange]).toEqual([index, all]);
        expect(all).toBeGreaterThan(0);
      }
      dropFixtureLogs(logs, work);
      const expected = await expectedFromScan([logs]);
      await expectEvents(client, expected);
      // A session ended by its ControlChannelClosed line is summarized at once. While following, the others
      // wait for later lines (after a QUIT, or for the idle timeout): the restart test ends them.
      const closedByALine = [...expected.sessions.values()].filter((s) => s.closed_by === 'control_closed');
      await waitFor(
        'the summaries of sessions closed by a line',
        async () => {
          const summarized = await expectSummaries(client, expected);
          return closedByALine.every((s) => summarized.has(s.id as string));
        },
        MINUTE,
      );
      expect(closedByALine.length).toBeGreaterThan(0);
    },
    20 * MINUTE,
  );

  test("by default the samples go into the volume ftpsight-logs, written by the image's own user", async () => {
    const out = await composeDefault.run(['run', '--rm', '--no-deps', '-T', 'ftpsight-samples-opensearch'], {
      withStderr: true,
    });
    expect(out).toMatch(/^wrote \d+ files? in \/logs$/m);
    // A second start adds nothing: today's files are there.
    const again = await composeDefault.run(
      ['run', '--rm', '--no-deps', '-T', 'ftpsight-samples-opensearch'],
      {
        withStderr: true,
      },
    );
    expect(again).toMatch(/^wrote 0 files in \/logs; \d+ days? (was|were) already there$/m);
  });

  test('setup imported the dashboards into OpenSearch Dashboards', async () => {
    const imports = (await (await fetch(`${dashboardsUrl}/stub/imports`)).json()) as {
      objects: { type: string }[];
    }[];
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.flatMap((i) => i.objects.map((o) => o.type))).toContain('dashboard');
  });

  test(
    'a restart resumes from the registry, a file added while it runs is picked up, nothing is sent twice',
    async () => {
      await compose.run(['restart', '-t', '30', SHIP]);
      addLogFile(logs, work);
      const expected = await expectedFromScan([logs]);
      await expectEvents(client, expected);
      await compose.run(['stop', '-t', '30', SHIP]);

      // A one-shot ship on the same registry reads nothing new and ends the sessions left open, as scan does
      // at the end of its input: then every summary is there, and equal to scan's.
      const once = await compose.run(
        [
          'run',
          '--rm',
          '--no-deps',
          '-T',
          SHIP,
          'ship',
          '/logs',
          '--target',
          'http://opensearch:9200',
          '--registry',
          REGISTRY,
        ],
        { withStderr: true },
      );
      expect([...(await expectSummaries(client, expected))].sort()).toEqual(
        [...expected.sessions.keys()].sort(),
      );

      const runs = [...doneRecords(await compose.logs(SHIP)), ...doneRecords(once)];
      expect(runs).toHaveLength(3);
      for (const counters of runs) expect(counters.duplicates).toBe(0);
      const indexed = runs.reduce((sum, counters) => sum + counters.indexed, 0);
      expect(indexed).toBe(expected.events.size + expected.sessions.size);
    },
    10 * MINUTE,
  );

  test('down -v leaves no container, volume or network behind', async () => {
    await compose.run(['down', '-v', '-t', '30']);
    expect(await compose.leftovers()).toEqual([]);
  });

  test(
    'testcontainers: the engine integration suite passes on the locally built OpenSearch image',
    async () => {
      const results = join(work, 'testcontainers.json');
      // Nothing of this run's engine choice may leak into the nested run: it must choose testcontainers itself.
      const inherited = Object.entries(process.env).filter(
        ([key]) => !/^(OPENSEARCH_URL|ELASTICSEARCH_URL|FTPSIGHT_TEST_|FTPSIGHT_DOCKER_E2E)/.test(key),
      );
      const env: NodeJS.ProcessEnv = {
        ...Object.fromEntries(inherited),
        FTPSIGHT_TEST_OPENSEARCH_IMAGE: images.OPENSEARCH_IMAGE,
        // The Ryuk reaper's image cannot be pulled here; global teardown stops the container itself.
        TESTCONTAINERS_RYUK_DISABLED: 'true',
        // Hides Java from global setup, so that it cannot fall back to the Maven engine: Docker or nothing.
        JAVA_HOME: '/nonexistent',
      };
      const jest = require.resolve('jest/bin/jest');
      const args = ['--selectProjects', 'integration', '--runTestsByPath', 'test/integration/engine.test.ts'];
      await run(process.execPath, [jest, ...args, '--ci', '--json', `--outputFile=${results}`], {
        timeoutMs: 10 * MINUTE,
        env,
      });
      const report = JSON.parse(readFileSync(results, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
        testResults: { assertionResults: { ancestorTitles: string[] }[] }[];
      };
      expect(report.numFailedTests).toBe(0);
      expect(report.numPassedTests).toBeGreaterThan(0);
      const suites = report.testResults.flatMap((file) =>
        file.assertionResults.map((a) => a.ancestorTitles[0]),
      );
      for (const suite of suites) expect(suite).toMatch(/\(opensearch 2\.19\.6, testcontainers\)$/);
    },
    15 * MINUTE,
  );
});
