/** Panels as engine requests, and responses read back as numbers (the integration test runs them for real). */
import { filterQuery, panelRequest, panelValue } from '../../../src/dashboards/query';
import { loadSpec, type Panel } from '../../../src/dashboards/spec';

const spec = loadSpec();
const panel = (id: string) => spec.panels.find((p) => p.id === id) as Panel;

describe('filterQuery', () => {
  test('is, not and exists clauses become filter and must_not terms', () => {
    expect(
      filterQuery([
        { field: 'a', is: ['x', 'y'] },
        { field: 'b', not: 'none' },
        { field: 'c', exists: true },
        { field: 'd', is: false },
      ]),
    ).toEqual({
      bool: {
        filter: [{ terms: { a: ['x', 'y'] } }, { exists: { field: 'c' } }, { term: { d: false } }],
        must_not: [{ term: { b: 'none' } }],
      },
    });
  });
});

describe('panelRequest', () => {
  test('a bar panel nests its split inside its x terms, both ordered by count, on the spec pattern', () => {
    const r = panelRequest(spec, panel('mode-by-server'));
    expect(r.index).toBe('ftpsight-sessions-*');
    expect(r.body.aggs).toEqual({
      buckets: {
        terms: { field: 'server.ip', size: 20, order: { _count: 'desc' } },
        aggs: {
          buckets: { terms: { field: 'ftpsight.session.tls_mode', size: 4, order: { _count: 'desc' } } },
        },
      },
    });
  });

  test('a time series buckets by calendar interval on the time field, keeping empty buckets out', () => {
    const r = panelRequest(spec, panel('mode-over-time'), { interval: '1M' });
    expect(r.body.aggs).toMatchObject({
      buckets: { date_histogram: { field: '@timestamp', calendar_interval: '1M', min_doc_count: 1 } },
    });
  });

  test('a unique count is a cardinality under the panel filter; a ratio filters its numerator', () => {
    const users = panelRequest(spec, panel('users-exposed'));
    expect(users.body.aggs).toEqual({ metric: { cardinality: { field: 'ftpsight.session.account' } } });
    expect(users.body.query).toEqual(filterQuery(panel('users-exposed').filter?.where ?? []));
    const share = panelRequest(spec, panel('ftps-share'));
    expect(share.body.aggs).toEqual({
      numerator: {
        filter: filterQuery([{ field: 'ftpsight.session.tls_mode', is: ['implicit', 'explicit'] }]),
      },
    });
  });
});

describe('a table with further columns', () => {
  const p = panel('exposed-accounts');

  test('each column is a sub-aggregation of the rows: filtered counts, min, max, cardinality', () => {
    const rows = (panelRequest(spec, p).body.aggs as { buckets: { aggs: Record<string, unknown> } }).buckets;
    expect(rows.aggs).toEqual({
      'column-1': { filter: filterQuery([{ field: 'ftpsight.session.login', is: 'success' }]) },
      'column-2': { filter: filterQuery([{ field: 'ftpsight.session.login', not: 'success' }]) },
      'column-3': { min: { field: 'event.start' } },
      'column-4': { max: { field: 'event.start' } },
      'column-5': { cardinality: { field: 'client.ip' } },
    });
  });

  test('reads each row with its columns by label; a date as text, none as null', () => {
    const bucket = {
      key: 'alice',
      doc_count: 2,
      'column-1': { doc_count: 2 },
      'column-2': { doc_count: 0 },
      'column-3': { value: 1, value_as_string: '2024-06-03T08:00:00.000Z' },
      'column-4': { value: null },
      'column-5': { value: 2 },
    };
    const r = { hits: { total: { value: 2 }, hits: [] }, aggregations: { buckets: { buckets: [bucket] } } };
    expect(panelValue(p, r)).toEqual([
      {
        key: 'alice',
        value: 2,
        columns: {
          'Successful logins': 2,
          'Failed logins': 0,
          First: '2024-06-03T08:00:00.000Z',
          Last: null,
          'Client addresses': 2,
        },
      },
    ]);
  });
});

describe('panelValue', () => {
  const hits = (total: number, docs: unknown[] = []) => ({
    total: { value: total },
    hits: docs.map((d) => ({ _source: d })),
  });

  test('reads ratios, counts, unique counts, nested buckets and search rows', () => {
    expect(
      panelValue(panel('ftps-share'), { hits: hits(4), aggregations: { numerator: { doc_count: 1 } } }),
    ).toBe(0.25);
    expect(
      panelValue(panel('ftps-share'), { hits: hits(0), aggregations: { numerator: { doc_count: 0 } } }),
    ).toBe(0);
    expect(panelValue(panel('session-count'), { hits: hits(7) })).toBe(7);
    expect(
      panelValue(panel('users-exposed'), { hits: hits(7), aggregations: { metric: { value: 3 } } }),
    ).toBe(3);
    const buckets = {
      buckets: [{ key: '10.0.0.9', doc_count: 5, buckets: { buckets: [{ key: 'none', doc_count: 5 }] } }],
    };
    expect(panelValue(panel('mode-by-server'), { hits: hits(5), aggregations: { buckets } })).toEqual([
      { key: '10.0.0.9', value: 5, buckets: [{ key: 'none', value: 5 }] },
    ]);
    const rows = panelValue(panel('exposures'), {
      hits: hits(1, [{ user: { name: 'bob' }, ftpsight: { session: { id: 's1' } } }]),
    }) as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({
      'user.name': 'bob',
      'ftpsight.session.id': 's1',
      'client.ip': undefined,
    });
  });
});
