/**
 * dashboards/generated/*.ndjson through what Kibana 8.11's and OpenSearch Dashboards 2.11's saved-objects
 * import do before they store anything (test/support/import-check, rules read from each app's source into
 * test/fixtures/dashboards-apps/), ending in each app's strict saved-object index on the real engine. Neither
 * app can run here: this is the closest to an import that can be run. Each rule is also seen to fail on a file
 * broken the way it guards against.
 */
import { readFileSync } from 'node:fs';
import { NDJSON_PATHS, type DashboardsApp } from '../../src/dashboards/generate';
import { APP_RULE_FILES, checkImport, loadAppRules, type Problem, type Rule } from '../support/import-check';
import { openSearchClient } from './engine';

const client = openSearchClient();
afterAll(() => client.close());

type Line = Record<string, unknown> & {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  references: { name: string; type: string; id: string }[];
};

const rulesOf = (app: DashboardsApp) => loadAppRules(APP_RULE_FILES[app]);
const fileOf = (app: DashboardsApp) => readFileSync(NDJSON_PATHS[app], 'utf8');

/** The committed file of `app`, changed by `edit` (which may also drop or add lines). */
function edited(app: DashboardsApp, edit: (lines: Line[]) => Line[]): string {
  const lines = fileOf(app)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
  return (
    edit(lines)
      .map((l) => JSON.stringify(l))
      .join('\n') + '\n'
  );
}

function editObject(id: string, edit: (o: Line) => void): (lines: Line[]) => Line[] {
  return (lines) => {
    const o = lines.find((l) => l.id === id);
    if (o === undefined) throw new Error(`no object ${id} in the file`);
    edit(o);
    return lines;
  };
}

const brief = (problems: readonly Problem[]) => problems.map((p) => `${p.rule} ${p.object}: ${p.message}`);
const withRule = (problems: readonly Problem[], rule: Rule) => problems.filter((p) => p.rule === rule);

describe.each(['kibana', 'opensearch-dashboards'] as const)('%s import check', (app) => {
  const rules = rulesOf(app);

  test(`the committed file passes every rule of ${app === 'kibana' ? 'Kibana 8.11' : 'OpenSearch Dashboards 2.11'}`, async () => {
    expect(brief(await checkImport(client, rules, fileOf(app)))).toEqual([]);
  });

  // Only indexed fields parse their value (the engine skips one neither indexed nor stored): `version` is.
  test.each([
    ['an attribute the app does not know', 'colour', 'blue', /strict_dynamic_mapping_exception.*colour/],
    ['a value its field cannot hold', 'version', 'one', /mapper_parsing_exception.*version/],
  ])('%s is refused by the strict index', async (_what, attribute, value, error) => {
    const text = edited(
      app,
      editObject('ftpsight-overview', (o) => {
        o.attributes[attribute] = value;
      }),
    );
    const mapping = withRule(await checkImport(client, rules, text), 'mapping');
    expect(mapping.map((p) => p.object)).toEqual(['dashboard:ftpsight-overview']);
    expect(mapping[0].message).toMatch(error);
  });

  test('a data view missing from the file leaves dangling references, which the app refuses', async () => {
    const text = edited(app, (lines) => lines.filter((l) => l.id !== 'ftpsight-sessions'));
    const missing = withRule(await checkImport(client, rules, text), 'missing_reference');
    expect(missing.length).toBeGreaterThan(0);
    for (const p of missing)
      expect(p.message).toMatch(/names index-pattern:ftpsight-sessions.*missing_references/);
    expect(missing.map((p) => p.object)).toContain('search:ftpsight-exposures');
  });

  test('one object twice makes the app refuse the whole file', async () => {
    const text = edited(app, (lines) => [...lines, lines[0]]);
    expect(withRule(await checkImport(client, rules, text), 'duplicate').map((p) => p.object)).toEqual([
      'index-pattern:ftpsight-events',
    ]);
  });

  test('a migration version newer than the app knows is refused', async () => {
    const newer =
      app === 'kibana' ? { typeMigrationVersion: '8.12.0' } : { migrationVersion: { dashboard: '7.10.1' } };
    const text = edited(
      app,
      editObject('ftpsight-overview', (o) => Object.assign(o, newer)),
    );
    const version = withRule(await checkImport(client, rules, text), 'version');
    expect(brief(version)).toEqual([
      expect.stringMatching(/^version dashboard:ftpsight-overview: claims dashboard/),
    ]);
  });

  describe('the field list of an index pattern', () => {
    type SavedField = Record<string, unknown> & { name: string };
    const editFields = (edit: (fields: SavedField[]) => SavedField[] | string) =>
      edited(
        app,
        editObject('ftpsight-sessions', (o) => {
          const result = edit(JSON.parse(o.attributes.fields as string) as SavedField[]);
          o.attributes.fields = typeof result === 'string' ? result : JSON.stringify(result);
        }),
      );
    const fieldProblems = async (text: string) =>
      brief(withRule(await checkImport(client, rules, text), 'field_list'));

    test('a field whose type is not the one the index template maps is reported', async () => {
      const text = editFields((fields) =>
        fields.map((f) => (f.name === 'server.ip' ? { ...f, type: 'string', esTypes: ['keyword'] } : f)),
      );
      expect(await fieldProblems(text)).toEqual([
        'field_list index-pattern:ftpsight-sessions: field server.ip: type "string" where the app would say "ip"',
        'field_list index-pattern:ftpsight-sessions: field server.ip: esTypes ["keyword"] where the app would say ["ip"]',
      ]);
    });

    test('a field the template does not map, and one it maps but the list lacks, are reported', async () => {
      const text = editFields((fields) => [
        ...fields.filter((f) => f.name !== 'client.ip'),
        { ...fields[0], name: 'client.colour' },
      ]);
      expect(await fieldProblems(text)).toEqual([
        'field_list index-pattern:ftpsight-sessions: lists client.colour, which the index template does not map',
        'field_list index-pattern:ftpsight-sessions: lacks client.ip, which the index template maps',
      ]);
    });

    test('an index pattern without its field list is reported (what a read-only user cannot load)', async () => {
      expect(await fieldProblems(editFields(() => '[]'))).toEqual([
        expect.stringMatching(/^field_list index-pattern:ftpsight-sessions: carries no field list/),
      ]);
    });
  });

  test('a reference the app does not look up by that name is reported', async () => {
    const text = edited(
      app,
      editObject('ftpsight-overview', (o) => {
        o.references[o.references.length - 1].name = 'somewhere_else';
      }),
    );
    const names = withRule(await checkImport(client, rules, text), 'reference_name').map((p) => p.message);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/: no reference named /),
        expect.stringMatching(/^reference somewhere_else .* is resolved by nothing$/),
      ]),
    );
  });
});

test('the Kibana file fed to the OpenSearch Dashboards check fails where that app would refuse or lose it', async () => {
  const problems = await checkImport(client, rulesOf('opensearch-dashboards'), fileOf('kibana'));
  const objects = (rule: Rule) => [...new Set(withRule(problems, rule).map((p) => p.object))].sort();
  // Attributes of Kibana 8 that OpenSearch Dashboards' strict index does not map.
  expect(objects('mapping')).toEqual([
    'dashboard:ftpsight-overview',
    'index-pattern:ftpsight-events',
    'index-pattern:ftpsight-sessions',
    'search:ftpsight-exposures',
  ]);
  expect(withRule(problems, 'mapping').find((p) => p.object.startsWith('dashboard'))?.message).toMatch(
    /controlGroupInput/,
  );
  // Kibana's version fields are dropped, so every migration since 6.x would run on each object.
  expect(withRule(problems, 'ignored_field').map((p) => p.message)).toContainEqual(
    expect.stringMatching(/drops the field typeMigrationVersion/),
  );
  expect(objects('version')).toHaveLength(4);
  // Lens panels are by value: OpenSearch Dashboards holds panels by reference only.
  expect(withRule(problems, 'reference_name').map((p) => p.message)).toContainEqual(
    expect.stringMatching(/has no panelRefName/),
  );
});

test('an object of a type the app does not know fails with unsupported_type', async () => {
  const text = edited('opensearch-dashboards', (lines) => [
    ...lines,
    { type: 'lens', id: 'ftpsight-lens', attributes: { title: 'x' }, references: [] },
  ]);
  const problems = await checkImport(client, rulesOf('opensearch-dashboards'), text);
  expect(brief(withRule(problems, 'unsupported_type'))).toEqual([
    expect.stringMatching(/^unsupported_type lens:ftpsight-lens: /),
  ]);
});

test('Kibana 8.11 refuses an attribute of a later saved search schema, though its mapping is dynamic: false', async () => {
  // sampleSize came with the saved search's model version 1, in 8.12.
  const text = edited(
    'kibana',
    editObject('ftpsight-exposures', (o) => {
      o.attributes.sampleSize = 500;
    }),
  );
  const mapping = withRule(await checkImport(client, rulesOf('kibana'), text), 'mapping');
  expect(brief(mapping)).toEqual([expect.stringMatching(/^mapping search:ftpsight-exposures: .*sampleSize/)]);
});
