/**
 * The committed files under detections/generated/elastic and detections/generated/opensearch are exactly
 * what `npm run detections` makes of the Sigma rules; the detection-rules TOML files say what the Kibana rules say.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import {
  build,
  GENERATED_FOLDERS,
  generatedFiles,
  huntingFile,
  KIBANA_RULES,
  ruleFile,
} from '../../../src/detection-generator/generate';
import { DETECTIONS_ROOT } from '../../../src/detection-generator/sources';

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(DETECTIONS_ROOT, path)];
  });
}

describe('detections/ generated files', () => {
  const built = build();
  const generated = generatedFiles(built);

  test.each([...generated.keys()])('%s is up to date with the Sigma rules', (path) => {
    // toBe: a stale file fails with the difference shown; run `npm run detections`.
    expect(readFileSync(join(DETECTIONS_ROOT, path), 'utf8')).toBe(generated.get(path));
  });

  test('no committed file is left over from a rule that is gone', () => {
    const committed = GENERATED_FOLDERS.flatMap((f) => filesUnder(join(DETECTIONS_ROOT, f))).sort();
    expect(committed).toEqual([...generated.keys()].sort());
  });

  test('generating twice gives the same bytes (no random ids, no dates)', () => {
    expect(generatedFiles(build())).toEqual(generated);
  });

  test('every rule is deployed: alerting rules to Kibana and Alerting, the hunting query to neither', () => {
    const rules = built.detections.rules;
    const hunting = rules.filter((d) => d.sigma.ftpsight.elastic === 'hunting').map((d) => d.stem);
    expect(hunting).toEqual(['ftpsight_unknown_verdict_hunting']);
    expect(built.kibanaRules.map((r) => r.rule_id).sort()).toEqual(
      rules
        .filter((d) => !hunting.includes(d.stem))
        .map((d) => d.sigma.id)
        .sort(),
    );
    expect([...built.monitors.keys()].sort()).toEqual(
      rules
        .filter((d) => !hunting.includes(d.stem))
        .map((d) => d.stem)
        .sort(),
    );
  });

  test('each detection-rules TOML file holds the same rule as the Kibana import file', () => {
    const ndjson = readFileSync(join(DETECTIONS_ROOT, KIBANA_RULES), 'utf8').trim().split('\n');
    const kibana = new Map(
      ndjson.map((l) => JSON.parse(l) as Record<string, unknown>).map((r) => [r.rule_id, r]),
    );
    for (const d of built.detections.rules.filter((r) => r.sigma.ftpsight.elastic !== 'hunting')) {
      const toml = parseToml(readFileSync(join(DETECTIONS_ROOT, ruleFile(d.stem)), 'utf8')) as {
        metadata: Record<string, unknown>;
        rule: Record<string, unknown> & {
          new_terms?: { field: string; value: string[]; history_window_start: { value: string }[] };
        };
      };
      const { new_terms, query, ...rule } = toml.rule;
      const expected = kibana.get(d.sigma.id) as Record<string, unknown>;
      const { meta, enabled, new_terms_fields, history_window_start, ...common } = expected;
      expect(meta).toEqual({ ftpsight_hash: expect.stringMatching(/^[0-9a-f]{7}$/) });
      expect(enabled).toBe(true);
      // The query comes back with the line breaks of the literal string around it.
      expect(String(query).trim()).toBe(common.query);
      expect({ ...rule, query: common.query }).toEqual(common);
      if (d.sigma.ftpsight.elastic === 'new_terms') {
        expect(new_terms?.field).toBe('new_terms_fields');
        expect(new_terms?.value).toEqual(new_terms_fields);
        expect(new_terms?.history_window_start).toEqual([
          { field: 'history_window_start', value: history_window_start },
        ]);
      } else {
        expect(new_terms).toBeUndefined();
      }
      expect(toml.metadata).toEqual({
        creation_date: d.sigma.date,
        integration: ['ftpsight'],
        maturity: 'beta',
        updated_date: d.sigma.date,
      });
    }
  });

  test('the hunting query is a detection-rules hunting TOML file with the rule query', () => {
    const d = built.detections.rules.find((r) => r.sigma.ftpsight.elastic === 'hunting');
    const toml = parseToml(readFileSync(join(DETECTIONS_ROOT, huntingFile(d?.stem ?? '')), 'utf8')) as {
      hunt: Record<string, unknown>;
    };
    expect(toml.hunt).toMatchObject({ uuid: d?.sigma.id, name: d?.sigma.title, mitre: ['T1040'] });
    expect((toml.hunt.query as string[]).map((q) => q.trim())).toEqual([d?.converted.elasticsearch_lucene]);
  });
});
