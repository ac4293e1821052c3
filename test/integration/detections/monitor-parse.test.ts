/**
 * Every OpenSearch Alerting monitor of detections/generated/opensearch/monitors, parsed by the Alerting
 * plugin's own parser (Monitor.parse of org.opensearch:common-utils 2.19.4.0, in test/engine's MonitorCheck) and validated
 * as the plugin's index request. The plugin itself is not on Maven Central: monitors cannot run here, so this
 * and the queries' run on the engine (engine.test.ts) are what is checked.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorFile } from '../../../src/detection-generator/generate';
import { DETECTIONS_ROOT, loadDetections } from '../../../src/detection-generator/sources';
import { tempDir } from '../ship-support';

const ENGINE = join(__dirname, '..', '..', 'engine');

interface Verdict {
  file: string;
  ok: boolean;
  error?: string;
  monitor?: Record<string, unknown>;
}

function monitorCheck(files: readonly string[]): Verdict[] {
  const builtOk = spawnSync('bash', [join(ENGINE, 'build.sh')], { encoding: 'utf8' });
  if (builtOk.status !== 0) throw new Error(`test/engine/build.sh failed: ${builtOk.stderr}`);
  const classpath = `${join(ENGINE, 'target', 'classes')}:${readFileSync(join(ENGINE, 'target', 'classpath.txt'), 'utf8').trim()}`;
  const java = process.env.JAVA_HOME === undefined ? 'java' : join(process.env.JAVA_HOME, 'bin', 'java');
  const r = spawnSync(java, ['-cp', classpath, 'ftpsight.engine.MonitorCheck', ...files], {
    encoding: 'utf8',
    maxBuffer: 10 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`MonitorCheck failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Verdict);
}

describe('Alerting monitors, parsed by Monitor.parse', () => {
  const stems = loadDetections()
    .rules.filter((d) => d.sigma.ftpsight.opensearch !== 'none')
    .map((d) => d.stem);
  const files = stems.map((s) => join(DETECTIONS_ROOT, monitorFile(s)));
  const verdicts = monitorCheck(files);

  test.each(stems.map((s, i) => [s, i]))('%s parses and validates', (_, i) => {
    const v = verdicts[i as number];
    expect(v.file).toBe(files[i as number]);
    expect(v.error).toBeUndefined();
    expect(v.ok).toBe(true);
  });

  test('the parsed monitors keep their type, their window on {{period_end}} and ftpsight ui_metadata', () => {
    for (const [i, v] of verdicts.entries()) {
      const sent = JSON.parse(readFileSync(files[i], 'utf8')) as Record<string, unknown>;
      const parsed = v.monitor as Record<string, unknown>;
      expect(parsed.monitor_type).toBe(sent.monitor_type);
      expect(parsed.ui_metadata).toEqual(sent.ui_metadata);
      // The range survives the parser (written back as from/to): the plugin renders it at each run.
      const text = JSON.stringify(parsed.inputs);
      expect(text).toContain('"from":"{{period_end}}||-');
      expect(text).toContain('"to":"{{period_end}}"');
    }
  });

  test('the parser refuses a broken monitor (the check can fail)', () => {
    const good = JSON.parse(readFileSync(files[0], 'utf8')) as Record<string, unknown>;
    const dir = tempDir('monitor-parse');
    const broken = {
      'wrong-trigger.json': { ...good, monitor_type: 'bucket_level_monitor' },
      'unknown-query.json': {
        ...good,
        inputs: [{ search: { indices: ['x'], query: { query: { nope: {} } } } }],
      },
      'no-schedule.json': { ...good, schedule: undefined },
    };
    const paths = Object.entries(broken).map(([name, body]) => {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(body));
      return path;
    });
    const results = monitorCheck(paths);
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(results[0].error).toMatch(/Incompatible trigger/);
    expect(results[1].error).toMatch(/unknown query \[nope\]/);
  });
});
