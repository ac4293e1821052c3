/**
 * The saved-objects import, against a local HTTP server standing in for Kibana / OpenSearch Dashboards:
 * the request (path, anti-CSRF header, credentials, multipart body) and how answers come back to the user.
 */
import { readFileSync } from 'node:fs';
import { importRequestedDashboards } from '../../../src/cli/dashboards-options';
import { FtpsightError } from '../../../src/core/errors';
import { NDJSON_PATHS } from '../../../src/dashboards/generate';
import { describeFailures, importDashboards } from '../../../src/dashboards/import';
import { formParts, startFakeImportApi, type FakeImportApi } from '../../support/fake-import-api';

let api: FakeImportApi;
let base: string;

beforeEach(async () => {
  api = await startFakeImportApi();
  api.answer = { status: 200, body: { success: true, successCount: 0 } };
  base = api.url;
});

afterEach(() => api.close());

describe('importDashboards', () => {
  test('Kibana: POST _import with overwrite, kbn-xsrf, basic auth and the NDJSON file as multipart', async () => {
    const ndjson = readFileSync(NDJSON_PATHS.kibana, 'utf8');
    api.answer = { status: 200, body: { success: true, successCount: ndjson.trim().split('\n').length } };
    const report = await importDashboards('kibana', {
      urls: [base],
      username: 'elastic',
      password: 's3cret!',
    });
    expect(report).toEqual({ app: 'kibana', url: base, imported: 4, failures: [] });
    const [r] = api.received;
    expect([r.method, r.url]).toEqual(['POST', '/api/saved_objects/_import?overwrite=true']);
    expect(r.headers['kbn-xsrf']).toBe('true');
    expect(r.headers['osd-xsrf']).toBeUndefined();
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from('elastic:s3cret!').toString('base64')}`);
    const file = formParts(r).get('file');
    expect(file?.headers).toMatch(/filename="[^"]+\.ndjson"/);
    expect(file?.content).toBe(ndjson);
    expect([...formParts(r).keys()]).toEqual(['file']);
  });

  test('OpenSearch Dashboards: osd-xsrf, an API key, and a base path kept in front of the API', async () => {
    await importDashboards('opensearch-dashboards', { urls: [`${base}/dashboards/`], apiKey: 'aWQ6a2V5' });
    const [r] = api.received;
    expect(r.url).toBe('/dashboards/api/saved_objects/_import?overwrite=true');
    expect(r.headers['osd-xsrf']).toBe('true');
    expect(r.headers['kbn-xsrf']).toBeUndefined();
    expect(r.headers.authorization).toBe('ApiKey aWQ6a2V5');
    expect(formParts(r).get('file')?.content).toBe(
      readFileSync(NDJSON_PATHS['opensearch-dashboards'], 'utf8'),
    );
  });

  test('objects the app refused come back with their type, id, title and why', async () => {
    api.answer = {
      status: 200,
      body: {
        success: false,
        successCount: 2,
        errors: [
          {
            id: 'ftpsight-overview',
            type: 'dashboard',
            meta: { title: 'ftpsight overview' },
            error: {
              type: 'missing_references',
              references: [{ type: 'index-pattern', id: 'ftpsight-events' }],
            },
          },
          { id: 'ftpsight-exposures', type: 'search', error: { type: 'unknown', message: 'boom' } },
        ],
      },
    };
    const report = await importDashboards('kibana', { urls: [base] }, '{}\n');
    expect(report.imported).toBe(2);
    expect(describeFailures(report).split('\n')).toEqual([
      '  dashboard ftpsight-overview "ftpsight overview": missing_references (missing index-pattern ftpsight-events)',
      '  search ftpsight-exposures: unknown (boom)',
    ]);
  });

  test('a refused request is an error naming the status, with the password masked', async () => {
    api.answer = { status: 401, body: { message: 'bad credentials for elastic:hunter22' } };
    const err = await importDashboards('kibana', {
      urls: [base],
      username: 'elastic',
      password: 'hunter22',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FtpsightError);
    expect((err as FtpsightError).code).toBe('ENGINE_AUTH');
    expect((err as Error).message).toMatch(
      /Kibana at http:\/\/127\.0\.0\.1:\d+ refused the import \(HTTP 401\)/,
    );
    expect((err as Error).message).not.toContain('hunter22');
  });

  test('an answer that is not the import API (a login page, a proxy) is an error too', async () => {
    api.answer = { status: 200, body: '<html>login</html>' };
    await expect(importDashboards('kibana', { urls: [base] })).rejects.toThrow(
      /not the saved-objects import API/,
    );
  });

  test('nothing listening, or a URL that is not http(s), is said as such', async () => {
    await api.close();
    await expect(importDashboards('kibana', { urls: [base] })).rejects.toMatchObject({
      code: 'ENGINE_UNREACHABLE',
    });
    api = await startFakeImportApi(); // for afterEach
    await expect(importDashboards('opensearch-dashboards', { urls: ['ftp://x'] })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('--dashboards must be an http or https URL'),
    });
  });
});

describe('setup --kibana / --dashboards', () => {
  const lines: string[] = [];
  const write = (l: string) => lines.push(l);
  beforeEach(() => lines.splice(0));

  test('imports into each app asked for, with credentials written in the cluster URL', async () => {
    api.answer = { status: 200, body: { success: true, successCount: 4 } };
    const cluster = { urls: ['https://ftpsight:pa%24s@es.example:9200'] };
    await importRequestedDashboards({ kibana: base, dashboards: base }, cluster, false, write);
    expect(api.received.map((r) => [r.headers['kbn-xsrf'], r.headers['osd-xsrf']])).toEqual([
      ['true', undefined],
      [undefined, 'true'],
    ]);
    expect(api.received[0].headers.authorization).toBe(
      `Basic ${Buffer.from('ftpsight:pa$s').toString('base64')}`,
    );
    expect(lines).toEqual([
      `imported    4 saved objects into Kibana at ${base}`,
      `imported    4 saved objects into OpenSearch Dashboards at ${base}`,
    ]);
  });

  test('fails, listing each refused object, when the app refused any', async () => {
    api.answer = {
      status: 200,
      body: {
        successCount: 3,
        errors: [{ id: 'ftpsight-overview', type: 'dashboard', error: { type: 'conflict' } }],
      },
    };
    const err = await importRequestedDashboards({ kibana: base }, { urls: [base] }, false, write).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ code: 'ENGINE_REJECTED' });
    expect((err as Error).message).toBe(
      'Kibana refused 1 saved object(s):\n  dashboard ftpsight-overview: conflict',
    );
  });

  test('--dry-run sends nothing and prints the URL without its password', async () => {
    const url = base.replace('//', '//admin:secret@');
    await importRequestedDashboards({ dashboards: url }, { urls: [base] }, true, write);
    expect(api.received).toEqual([]);
    expect(lines).toEqual([`would import dashboards into OpenSearch Dashboards at ${base}`]);
  });
});
