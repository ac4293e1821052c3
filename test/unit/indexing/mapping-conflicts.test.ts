/** Indices of ftpsight's names with other field types: found by field, said by index, with what to do. */
import type { EngineClient } from '../../../src/engine/client';
import {
  findMappingConflicts,
  ftpsightIndices,
  mappingConflictError,
} from '../../../src/indexing/mapping-conflicts';

/** An engine answering GET <pattern>/_mapping with these mappings, by pattern, as OpenSearch words them. */
function engineWith(mappings: Record<string, Record<string, unknown>>): EngineClient {
  return {
    info: { kind: 'opensearch', version: '2.19.6', major: 2 },
    nodes: ['http://127.0.0.1:9200'],
    request: async (_method, path) => ({ status: 200, body: mappings[path.split('/')[1]] ?? {} }),
    bulk: async () => [],
    describe: String,
    close: async () => undefined,
  };
}

const props = (p: Record<string, unknown>) => ({ mappings: { properties: p } });

test('a field of another type is a conflict; fields ftpsight does not write, and matching ones, are not', async () => {
  const engine = engineWith({
    'ftpsight-sessions-prod-*': {
      'ftpsight-sessions-prod-2024.05.01': props({
        source: { properties: { ip: { type: 'keyword' }, port: { type: 'long' } } },
        ftpsight: { properties: { session: { properties: { tls_mode: { type: 'long' } } } } },
        someone_elses: { type: 'text' },
      }),
    },
  });
  const conflicts = await findMappingConflicts(engine, ftpsightIndices('prod'));
  expect(conflicts).toEqual([
    { index: 'ftpsight-sessions-prod-2024.05.01', field: 'source.ip', found: 'keyword', wanted: 'ip' },
    {
      index: 'ftpsight-sessions-prod-2024.05.01',
      field: 'ftpsight.session.tls_mode',
      found: 'long',
      wanted: 'keyword',
    },
  ]);
  const error = mappingConflictError(conflicts, 'ship sent nothing');
  expect(error.code).toBe('MAPPING_CONFLICT');
  expect(error.message).toContain(
    'ftpsight-sessions-prod-2024.05.01: source.ip is keyword, ftpsight writes ip; ftpsight.session.tls_mode is long, ftpsight writes keyword',
  );
  expect(error.message).toMatch(/^1 index holds .* \(ship sent nothing\)/);
  expect(error.hint).toMatch(/--namespace/);
  expect(error.condition).toMatchObject({ name: 'mapping_conflict' });
});

test("of a data stream, only the backing index written to counts: a rollover leaves the old one's mapping behind", async () => {
  const engine = engineWith({
    'logs-ftpsight.*-prod': {
      '.ds-logs-ftpsight.iis-prod-000001': props({ source: { properties: { ip: { type: 'keyword' } } } }),
      '.ds-logs-ftpsight.iis-prod-000002': props({ source: { properties: { ip: { type: 'ip' } } } }),
      '.ds-logs-ftpsight.vsftpd-prod-000001': props({ source: { type: 'keyword' } }),
    },
  });
  expect(await findMappingConflicts(engine, ftpsightIndices('prod'))).toEqual([
    { index: '.ds-logs-ftpsight.vsftpd-prod-000001', field: 'source', found: 'keyword', wanted: 'object' },
  ]);
});
