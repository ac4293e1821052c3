/**
 * `ftpsight setup --detections`: on the real engine, which has neither the Alerting nor the Security Analytics
 * plugin, it says so and installs the rest; behind a stand-in of those plugins' APIs, and against a stand-in of
 * Kibana's rule API, it installs every monitor, Sigma rule and Kibana rule once, changes nothing on a second
 * run, replaces what changed, and with --dry-run sends nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, KIBANA_RULES, monitorFile } from '../../../src/detection-generator/generate';
import { DETECTIONS_ROOT } from '../../../src/detection-generator/sources';
import { installKibanaRules } from '../../../src/setup/kibana-rules';
import { startKibanaRules, startPluginProxy } from '../../support/plugin-stand-ins';
import { runCli } from '../ship-support';
import { testEngine } from '../engine';

const built = build();
const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('setup --detections', () => {
  const engine = testEngine();

  test('without the plugins: a note for each, exit 0, the rest installed', async () => {
    const r = await runCli(['setup', '--target', engine.url, '--detections']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no Alerting plugin');
    expect(r.stderr).toContain('the 5 monitors were not installed');
    expect(r.stderr).toContain('no Security Analytics plugin');
    expect(lines(r.stdout).some((l) => / index template ftpsight-sessions$/.test(l))).toBe(true);
  });

  describe('with the Alerting and Security Analytics APIs (stand-ins in front of the engine)', () => {
    let proxy: Awaited<ReturnType<typeof startPluginProxy>>;
    beforeAll(async () => {
      proxy = await startPluginProxy(engine.url);
    });
    afterAll(() => proxy.close());

    const detectionLines = (stdout: string) =>
      lines(stdout).filter((l) => / (monitor|log type|sigma rule) /.test(l));

    test('--dry-run says what it would create and sends nothing', async () => {
      const r = await runCli(['setup', '--target', proxy.url, '--detections', '--dry-run']);
      expect(r.code).toBe(0);
      expect(detectionLines(r.stdout).every((l) => l.startsWith('would create'))).toBe(true);
      expect(detectionLines(r.stdout)).toHaveLength(5 + 1 + 6);
      expect(proxy.monitors.size + proxy.sigmaRules.size + proxy.logTypes.length).toBe(0);
    });

    test('installs each monitor, the log type and each Sigma rule once; a second run changes nothing', async () => {
      const first = await runCli(['setup', '--target', proxy.url, '--detections']);
      expect(first.code).toBe(0);
      expect(detectionLines(first.stdout).every((l) => l.startsWith('created'))).toBe(true);
      const sent = new Map([...proxy.monitors.values()].map((m) => [m.name, m]));
      for (const [stem, m] of built.monitors) {
        expect(sent.get(m.name)).toEqual(
          JSON.parse(readFileSync(join(DETECTIONS_ROOT, monitorFile(stem)), 'utf8')),
        );
      }
      expect(proxy.logTypes).toEqual([expect.objectContaining({ name: 'ftpsight', source: 'Custom' })]);
      expect([...proxy.sigmaRules.values()].map((r) => r.category)).toEqual(Array(6).fill('ftpsight'));
      expect(new Set([...proxy.sigmaRules.values()].map((r) => r.text))).toEqual(
        new Set(built.detections.rules.map((d) => d.sigmaText)),
      );

      const before = proxy.requests.length;
      const second = await runCli(['setup', '--target', proxy.url, '--detections']);
      expect(second.code).toBe(0);
      expect(detectionLines(second.stdout).every((l) => l.startsWith('unchanged'))).toBe(true);
      const writes = proxy.requests
        .slice(before)
        .filter(
          (q) =>
            /^(PUT|POST) \/_plugins\/.*(monitors|rules|logtype)(\/|\?|$)/.test(q) && !q.includes('_search'),
        );
      expect(writes).toEqual([]);
      expect(proxy.monitors.size).toBe(5);
    });

    test('a monitor or rule changed on the cluster is put back, the others left alone', async () => {
      const [id, monitor] = [...proxy.monitors][0];
      proxy.monitors.set(id, {
        ...monitor,
        ui_metadata: {
          ftpsight: {
            rule_id: (monitor.ui_metadata as { ftpsight: { rule_id: string } }).ftpsight.rule_id,
            hash: 'stale00',
          },
        },
      });
      const [ruleId, rule] = [...proxy.sigmaRules][0];
      proxy.sigmaRules.set(ruleId, { ...rule, text: `${rule.text}# edited\n` });
      const r = await runCli(['setup', '--target', proxy.url, '--detections']);
      expect(r.code).toBe(0);
      const updated = detectionLines(r.stdout).filter((l) => l.startsWith('updated'));
      expect(updated).toEqual([
        `updated      monitor ${String(monitor.name)}`,
        expect.stringMatching(/^updated {6}sigma rule /),
      ]);
      expect(proxy.monitors.get(id)).toEqual(monitor);
      expect(proxy.sigmaRules.get(ruleId)).toEqual(rule);
    });
  });

  describe("Kibana's rule import (a stand-in: Kibana cannot run here)", () => {
    let kibana: Awaited<ReturnType<typeof startKibanaRules>>;
    beforeAll(async () => {
      kibana = await startKibanaRules();
    });
    afterAll(() => kibana.close());
    const connection = () => ({ urls: [kibana.url], username: 'elastic', password: 'secret-pw' });

    test('imports every rule once, in one NDJSON file; then finds them unchanged', async () => {
      const dry = await installKibanaRules(connection(), built.kibanaRules, true);
      expect(dry.map((c) => c.action)).toEqual(Array(5).fill('create'));
      expect(kibana.rules.size).toBe(0);

      const first = await installKibanaRules(connection(), built.kibanaRules, false);
      expect(first.map((c) => c.action)).toEqual(Array(5).fill('create'));
      const file = lines(readFileSync(join(DETECTIONS_ROOT, KIBANA_RULES), 'utf8'));
      expect([...kibana.rules.values()]).toEqual(file.map((l) => JSON.parse(l) as unknown));
      expect(kibana.requests.filter((q) => q.startsWith('POST'))).toEqual([
        'POST /api/detection_engine/rules/_import?overwrite=true',
      ]);

      const second = await installKibanaRules(connection(), built.kibanaRules, false);
      expect(second.map((c) => c.action)).toEqual(Array(5).fill('unchanged'));
      expect(kibana.requests.filter((q) => q.startsWith('POST'))).toHaveLength(1);
    });
  });
});
