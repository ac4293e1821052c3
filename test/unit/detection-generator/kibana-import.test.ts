/**
 * detections/generated/elastic/kibana-rules.ndjson against what Kibana's
 * `POST /api/detection_engine/rules/_import` requires of each line (Kibana cannot run here): the fields every rule needs (rule_id, name, description,
 * risk_score, severity, type), those its type needs (query and language; for new_terms, new_terms_fields and
 * history_window_start), and the shapes of the optional ones ftpsight sets. Unknown keys are refused, as a
 * typo would be dropped or refused by Kibana. Written from Kibana's rule schema, not copied from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KIBANA_RULES } from '../../../src/detection-generator/generate';
import { DETECTIONS_ROOT } from '../../../src/detection-generator/sources';

const dateMath = z.string().regex(/^now(-\d+[smhd])?$/);
const interval = z.string().regex(/^\d+[smhd]$/);
const entry = (url: RegExp) =>
  z.object({ id: z.string(), name: z.string().min(1), reference: z.string().regex(url) }).strict();
const tactic = entry(/^https:\/\/attack\.mitre\.org\/tactics\/TA\d{4}\/$/);
const subtechnique = entry(/^https:\/\/attack\.mitre\.org\/techniques\/T\d{4}\/\d{3}\/$/);
const technique = entry(/^https:\/\/attack\.mitre\.org\/techniques\/T\d{4}\/$/).extend({
  subtechnique: z.array(subtechnique).optional(),
});
const threat = z
  .object({ framework: z.literal('MITRE ATT&CK'), tactic, technique: z.array(technique).min(1) })
  .strict();

/** The fields of a rule common to every type (required ones first). */
const base = {
  rule_id: z.uuid(),
  name: z.string().min(1),
  description: z.string().min(1),
  risk_score: z.number().int().min(0).max(100),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  author: z.array(z.string()).optional(),
  license: z.string().optional(),
  index: z.array(z.string().min(1)).min(1),
  interval: interval.optional(),
  from: dateMath.optional(),
  enabled: z.boolean().optional(),
  max_signals: z.number().int().min(1).optional(),
  timestamp_override: z.string().optional(),
  false_positives: z.array(z.string()).optional(),
  references: z.array(z.url()).optional(),
  tags: z.array(z.string()).optional(),
  threat: z.array(threat).optional(),
  setup: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
};
const query = { query: z.string().min(1), language: z.enum(['kuery', 'lucene']) };

const rule = z.discriminatedUnion('type', [
  z.object({ ...base, ...query, type: z.literal('query') }).strict(),
  z
    .object({
      ...base,
      ...query,
      type: z.literal('new_terms'),
      new_terms_fields: z.array(z.string().min(1)).min(1).max(3),
      history_window_start: dateMath,
    })
    .strict(),
]);

/** Elastic's bands: low 0-21, medium 22-47, high 48-73, critical 74-100. */
const BAND: Record<string, [number, number]> = {
  low: [0, 21],
  medium: [22, 47],
  high: [48, 73],
  critical: [74, 100],
};

function lines(): unknown[] {
  return readFileSync(join(DETECTIONS_ROOT, KIBANA_RULES), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

describe('Kibana rule import file', () => {
  const rules = lines();

  test('holds one rule a line, ids unique', () => {
    expect(rules.length).toBe(5);
    const ids = rules.map((r) => (r as { rule_id: string }).rule_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(rules.map((r) => [(r as { name: string }).name, r]))(
    '%s has what the import route requires',
    (_, r) => {
      const result = rule.safeParse(r);
      expect(result.success ? 'valid' : z.prettifyError(result.error)).toBe('valid');
    },
  );

  test.each(rules.map((r) => [(r as { name: string }).name, r]))(
    '%s: severity, risk score and ATT&CK agree',
    (_, r) => {
      const parsed = rule.parse(r);
      const [low, high] = BAND[parsed.severity];
      expect(parsed.risk_score).toBeGreaterThanOrEqual(low);
      expect(parsed.risk_score).toBeLessThanOrEqual(high);
      for (const t of parsed.threat ?? []) {
        expect(t.tactic.reference).toBe(`https://attack.mitre.org/tactics/${t.tactic.id}/`);
        for (const tech of t.technique) {
          expect(tech.reference).toBe(`https://attack.mitre.org/techniques/${tech.id}/`);
          for (const sub of tech.subtechnique ?? []) {
            expect(sub.id.startsWith(`${tech.id}.`)).toBe(true);
            expect(sub.reference).toBe(`https://attack.mitre.org/techniques/${sub.id.replace('.', '/')}/`);
          }
        }
      }
    },
  );

  test('the schema refuses what Kibana refuses (it is not a test that cannot fail)', () => {
    const good = rules[0] as Record<string, unknown>;
    const { severity: _severity, ...noSeverity } = good;
    expect(rule.safeParse(noSeverity).success).toBe(false);
    expect(rule.safeParse({ ...good, language: 'esql-ish' }).success).toBe(false);
    expect(rule.safeParse({ ...good, type: 'new_terms' }).success).toBe(false); // no new_terms_fields
    expect(rule.safeParse({ ...good, rule_id: 'not-a-uuid' }).success).toBe(false);
    expect(rule.safeParse({ ...good, risk_score: 101 }).success).toBe(false);
    expect(rule.safeParse({ ...good, riskScore: 73 }).success).toBe(false);
  });

  test('exposure rules are T1040 under Credential Access; T1048.003 only with a public address', () => {
    const byName = new Map(rules.map((r) => rule.parse(r)).map((r) => [r.name, r]));
    const techniques = (name: string) =>
      (byName.get(name)?.threat ?? []).map((t) => [
        t.tactic.id,
        ...t.technique.flatMap((x) => [x.id, ...(x.subtechnique ?? []).map((s) => s.id)]),
      ]);
    for (const name of [
      'FTP password sent in the clear',
      'FTP user name sent in the clear',
      'FTP server accepted a plaintext login',
    ]) {
      expect(techniques(name)).toEqual([['TA0006', 'T1040']]);
    }
    expect(techniques('FTP credentials in the clear to or from a public address')).toEqual([
      ['TA0006', 'T1040'],
      ['TA0010', 'T1048', 'T1048.003'],
    ]);
  });
});
