/**
 * pySigma, pinned (detections/tools/requirements.txt, installed by .ci/run), converts every Sigma rule of
 * detections/sigma with its Elasticsearch and OpenSearch backends: the result must be what the repository
 * commits (detections/generated/pysigma.json, from which every generated query comes), pySigma's own rule
 * validators must find nothing, and the ATT&CK block of its Kibana rule output must name what ours names.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../../../src/detection-generator/generate';
import { DETECTIONS_ROOT, PYSIGMA_FILE } from '../../../src/detection-generator/sources';

interface Converted {
  file: string;
  elasticsearch_lucene: string;
  opensearch_lucene: string;
  opensearch_monitor_query: string;
  threat: {
    tactic: { id: string };
    technique: { id: string; name: string; subtechnique: { id: string; name: string }[] }[];
  }[];
  validator_issues: string[];
}

/** Runs detections/tools/convert.sh: installs the pinned pySigma if needed, converts, prints JSON. */
function convert(): Record<string, Converted> {
  // A cache folder of its own: pySigma keeps ATT&CK data in a disk cache, which must be this run's file.
  const cache = mkdtempSync(join(tmpdir(), 'ftpsight-pysigma-'));
  try {
    const r = spawnSync('bash', [join(DETECTIONS_ROOT, 'tools', 'convert.sh'), cache], {
      encoding: 'utf8',
      maxBuffer: 10 * 1024 * 1024,
    });
    if (r.status !== 0) {
      throw new Error(
        `detections/tools/convert.sh failed (exit ${r.status}): ${r.stderr}\n` +
          'It needs Python 3.9+ with venv, and the Python package index (bash detections/tools/install-pysigma.sh).',
      );
    }
    return JSON.parse(r.stdout) as Record<string, Converted>;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

describe('pySigma conversion of detections/sigma', () => {
  const fresh = convert();
  const committed = JSON.parse(readFileSync(join(DETECTIONS_ROOT, PYSIGMA_FILE), 'utf8')) as Record<
    string,
    Converted
  >;
  const built = build();

  test('every rule converts, and gives exactly the committed queries', () => {
    expect(Object.keys(fresh).sort()).toEqual(built.detections.rules.map((d) => d.sigma.id).sort());
    // toEqual on the whole: a changed Sigma rule not run through `npm run detections` fails here.
    expect(fresh).toEqual(committed);
  });

  test("pySigma's rule validators find nothing to say", () => {
    for (const c of Object.values(fresh)) expect([c.file, c.validator_issues]).toEqual([c.file, []]);
  });

  test('the Elasticsearch and OpenSearch backends agree on every query, the monitor output included', () => {
    for (const c of Object.values(fresh)) {
      expect(c.opensearch_lucene).toBe(c.elasticsearch_lucene);
      expect(c.opensearch_monitor_query).toBe(c.opensearch_lucene);
    }
  });

  test("the generated rules' ATT&CK tactics, techniques and names are pySigma's", () => {
    const ids = (threat: Converted['threat']) =>
      threat.map((t) => ({
        tactic: t.tactic.id,
        technique: t.technique.map((x) => ({
          id: x.id,
          name: x.name,
          sub: (x.subtechnique ?? []).map((s) => [s.id, s.name]),
        })),
      }));
    for (const d of built.detections.rules) {
      expect(ids([...(built.threats.get(d.stem) ?? [])] as unknown as Converted['threat'])).toEqual(
        ids(fresh[d.sigma.id].threat),
      );
    }
  });
});
