/** Index patterns and data views carry the fields of pipelines/fields.yml their documents have, and no other. */
import { generateNdjson } from '../../../src/dashboards/generate';
import { fieldDefinitions } from '../../../src/ecs/fields';

const INDEX_DOCUMENTS = { 'ftpsight-events': 'events', 'ftpsight-sessions': 'sessions' } as const;

describe.each(['kibana', 'opensearch-dashboards'] as const)('%s', (app) => {
  const ndjson = generateNdjson()[app];
  const patterns = ndjson
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { type: string; id: keyof typeof INDEX_DOCUMENTS; attributes: { fields: string } },
    )
    .filter((o) => o.type === 'index-pattern');

  test.each(Object.entries(INDEX_DOCUMENTS))('%s lists the fields.yml fields of the %s', (id, documents) => {
    const o = patterns.find((p) => p.id === id);
    const listed = (JSON.parse(o?.attributes.fields ?? '[]') as { name: string }[]).map((f) => f.name);
    const declared = fieldDefinitions()
      .fields.filter((f) => f.documents.includes(documents))
      .map((f) => f.name);
    expect(listed).toEqual(declared);
  });

  test('a field the template neither indexes nor keeps doc values of is neither searchable nor aggregatable', () => {
    const off = fieldDefinitions().fields.filter((f) => f.index === false && f.doc_values === false);
    // The raw line: kept for reading, never searched (pipelines/fields.yml).
    expect(off.map((f) => f.name)).toEqual(['event.original']);
    const all = patterns.flatMap((p) => JSON.parse(p.attributes.fields) as Record<string, unknown>[]);
    const listed = all.filter((f) => f.name === 'event.original');
    expect(listed.length).toBeGreaterThan(0);
    for (const f of listed) expect(f).toMatchObject({ searchable: false, aggregatable: false });
  });
});
