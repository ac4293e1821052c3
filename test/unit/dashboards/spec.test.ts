/** dashboards/spec.yml: loads, says each filter the same way twice, and reads only fields we write. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fieldDefinitions } from '../../../src/ecs/fields';
import { eventsDataStream, sessionsIndex } from '../../../src/indexing/names';
import {
  SPEC_PATH,
  fieldsByIndex,
  kqlOf,
  loadSpec,
  parseSpec,
  type IndexName,
} from '../../../src/dashboards/spec';

const spec = loadSpec();
/** The file as YAML, to break on purpose. */
interface RawSpec {
  filters: Record<string, { kql: string }>;
  panels: Record<string, unknown>[];
}
const raw = () => parse(readFileSync(SPEC_PATH, 'utf8')) as RawSpec;

/** Index patterns as Kibana matches them: `*` is any run of characters. */
const matches = (pattern: string, name: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(name);

describe('dashboards/spec.yml', () => {
  test('has the panels issue 6 asks for', () => {
    const kinds = Object.fromEntries(spec.panels.map((p) => [p.id, p.kind]));
    expect(kinds).toMatchObject({
      'session-count': 'metric',
      'ftps-share': 'ratio',
      'password-exposures': 'metric',
      'users-exposed': 'metric',
      'failed-logins-in-clear': 'metric',
      'mode-over-time': 'time_series',
      'mode-by-server': 'bar',
      'mode-by-site': 'bar',
      'explicit-data-protection': 'donut',
      'exposed-users': 'table',
      'exposed-clients': 'table',
      'exposed-servers': 'table',
      exposures: 'saved_search',
    });
    expect(spec.controls.fields.map((c) => c.field)).toEqual(['server.ip', 'service.name']);
  });

  test('its index patterns match the names ship writes to (src/indexing/names.ts)', () => {
    expect(matches(spec.indices.events.pattern, eventsDataStream('iis', 'default'))).toBe(true);
    expect(matches(spec.indices.sessions.pattern, sessionsIndex(Date.UTC(2024, 2, 1), 'prod'))).toBe(true);
    expect(matches(spec.indices.sessions.pattern, eventsDataStream('iis', 'default'))).toBe(false);
    expect(matches(spec.indices.events.pattern, sessionsIndex(Date.UTC(2024, 2, 1), 'prod'))).toBe(false);
  });

  test('every field it reads is written to that index, with an aggregatable type (pipelines/fields.yml)', () => {
    const defs = new Map(fieldDefinitions().fields.map((f) => [f.name, f]));
    for (const [index, fields] of Object.entries(fieldsByIndex(spec)) as [IndexName, Set<string>][]) {
      for (const field of fields) {
        const f = defs.get(field);
        expect([field, f?.documents.includes(index), f?.doc_values !== false]).toEqual([field, true, true]);
        expect([field, f?.type]).toEqual([field, expect.stringMatching(/^(keyword|ip|long|boolean|date)$/)]);
      }
    }
  });

  test('the description says the saved time range, and how to look at older logs', () => {
    const days = /^now-(\d+)d$/.exec(spec.dashboard.time.from)?.[1];
    expect([spec.dashboard.time.to, days]).toEqual(['now', expect.stringMatching(/^[1-9]\d*$/)]);
    expect(spec.dashboard.description).toContain(`Opens on the last ${days} days: for older logs`);
    expect(spec.dashboard.description).toContain('time picker');
  });

  test('ids are saved-object friendly and every panel fits the 48-column grid without overlap', () => {
    const cells = new Set<string>();
    for (const p of spec.panels) {
      expect(p.grid.x + p.grid.w).toBeLessThanOrEqual(48);
      for (let x = p.grid.x; x < p.grid.x + p.grid.w; x++)
        for (let y = p.grid.y; y < p.grid.y + p.grid.h; y++) {
          expect(cells.has(`${x},${y}`) ? `${p.id} overlaps at ${x},${y}` : 'free').toBe('free');
          cells.add(`${x},${y}`);
        }
    }
    expect(spec.dashboard.id).toMatch(/^ftpsight-/);
    expect([spec.indices.events.id, spec.indices.sessions.id]).toEqual([
      expect.stringMatching(/^ftpsight-/),
      expect.stringMatching(/^ftpsight-/),
    ]);
  });
});

describe('filters', () => {
  test('KQL of each clause form', () => {
    expect(kqlOf([{ field: 'a', is: 'x' }])).toBe('a : "x"');
    expect(kqlOf([{ field: 'a', is: ['x', 'y'] }])).toBe('a : ("x" or "y")');
    expect(
      kqlOf([
        { field: 'a', not: 'x' },
        { field: 'b', is: false },
      ]),
    ).toBe('not a : "x" and b : false');
    expect(kqlOf([{ field: 'a', exists: true }])).toBe('a : *');
    expect(kqlOf([{ field: 'a', is: 'say "hi"' }])).toBe('a : "say \\"hi\\""');
  });

  test('a filter whose KQL says something else than its clauses is refused', () => {
    const bad = raw();
    bad.filters.exposure.kql = 'ftpsight.session.anonymous : false';
    expect(() => parseSpec(bad)).toThrow(/filter exposure: kql .* does not say what where says/);
  });

  test('a panel naming an unknown filter, or a second panel with the same id, is refused', () => {
    const unknown = raw();
    unknown.panels[2].filter = 'no_such_filter';
    expect(() => parseSpec(unknown)).toThrow(/unknown filter "no_such_filter"/);
    const twice = raw();
    twice.panels[1].id = twice.panels[0].id;
    expect(() => parseSpec(twice)).toThrow(/two panels have the id session-count/);
  });

  test('a table column naming an unknown filter is refused', () => {
    const bad = raw();
    const table = bad.panels.find((p) => p.id === 'exposed-accounts') as { columns: { filter?: string }[] };
    table.columns[0].filter = 'no_such_filter';
    expect(() => parseSpec(bad)).toThrow(
      /panel exposed-accounts column Successful logins names an unknown filter/,
    );
  });

  test('a panel of an unknown kind, or with a field of another kind, is refused', () => {
    const kind = raw();
    kind.panels[0].kind = 'gauge';
    expect(() => parseSpec(kind)).toThrow(/spec\.yml/);
    const extra = raw();
    extra.panels[0].rows = { field: 'user.name', size: 5, label: 'User' };
    expect(() => parseSpec(extra)).toThrow(/rows/);
  });
});
