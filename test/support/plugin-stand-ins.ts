/**
 * Stand-ins for APIs that cannot run here (the OpenSearch Alerting and Security Analytics plugins are not on
 * Maven Central, Kibana cannot be had at all), for the tests of `setup --detections`. Each keeps what it is
 * sent and answers the way the real API's documentation says, no more: enough to check what ftpsight sends and
 * that a second run sends nothing. The bodies themselves are checked elsewhere (Monitor.parse, the Kibana
 * import schema, the queries on the engine).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
  readonly url: string;
  /** Every request, as "METHOD path". */
  readonly requests: string[];
  close(): Promise<void>;
}

type Handler = (method: string, path: string, body: string) => { status: number; body: unknown } | undefined;

async function serve(
  handler: Handler,
  fallback?: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void,
) {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push(`${req.method} ${req.url}`);
      const answer = handler(req.method ?? '', req.url ?? '', body.toString());
      if (answer === undefined && fallback !== undefined) return fallback(req, body, res);
      res.writeHead(answer?.status ?? 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer?.body ?? { error: 'not found' }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Kibana's detection rules API: read a rule by rule_id, import NDJSON (multipart) with overwrite. */
export async function startKibanaRules(): Promise<StandIn & { rules: Map<string, Record<string, unknown>> }> {
  const rules = new Map<string, Record<string, unknown>>();
  const api = await serve((method, path, body) => {
    const url = new URL(path, 'http://x');
    if (method === 'GET' && url.pathname === '/api/detection_engine/rules') {
      const rule = rules.get(url.searchParams.get('rule_id') ?? '');
      return rule === undefined
        ? { status: 404, body: { message: 'rule not found' } }
        : { status: 200, body: rule };
    }
    if (method === 'POST' && url.pathname === '/api/detection_engine/rules/_import') {
      const lines = body.split(/\r?\n/).filter((l) => l.startsWith('{'));
      for (const l of lines) {
        const rule = JSON.parse(l) as Record<string, unknown>;
        rules.set(rule.rule_id as string, rule);
      }
      return {
        status: 200,
        body: { success: true, success_count: lines.length, rules_count: lines.length, errors: [] },
      };
    }
    return undefined;
  });
  return { ...api, rules };
}

/**
 * The real engine behind a proxy that adds the Alerting and Security Analytics plugins: `_cat/plugins` lists
 * them, their APIs answer from memory, everything else goes to the engine.
 */
export async function startPluginProxy(engineUrl: string): Promise<
  StandIn & {
    monitors: Map<string, Record<string, unknown>>;
    logTypes: Record<string, unknown>[];
    sigmaRules: Map<string, { category: string; text: string }>;
  }
> {
  const monitors = new Map<string, Record<string, unknown>>();
  const logTypes: Record<string, unknown>[] = [];
  const sigmaRules = new Map<string, { category: string; text: string }>();
  let ids = 0;
  const titleOf = (yaml: string) => /^title: (.*)$/m.exec(yaml)?.[1];
  const handler: Handler = (method, path, body) => {
    const url = new URL(path, 'http://x');
    const p = url.pathname;
    if (method === 'GET' && p === '/_cat/plugins') {
      return {
        status: 200,
        body: [
          { name: 'n', component: 'opensearch-alerting', version: '2.19.6.0' },
          { name: 'n', component: 'opensearch-security-analytics', version: '2.19.6.0' },
        ],
      };
    }
    if (method === 'POST' && p === '/_plugins/_alerting/monitors/_search') {
      const hits = [...monitors].map(([id, m]) => ({ _id: id, _source: m }));
      return { status: 200, body: { hits: { hits } } };
    }
    if (method === 'POST' && p === '/_plugins/_alerting/monitors') {
      const id = `m${ids++}`;
      monitors.set(id, JSON.parse(body) as Record<string, unknown>);
      return { status: 201, body: { _id: id } };
    }
    if (method === 'PUT' && p.startsWith('/_plugins/_alerting/monitors/')) {
      const id = decodeURIComponent(p.slice('/_plugins/_alerting/monitors/'.length));
      if (!monitors.has(id)) return { status: 404, body: {} };
      monitors.set(id, JSON.parse(body) as Record<string, unknown>);
      return { status: 200, body: { _id: id } };
    }
    if (method === 'POST' && p === '/_plugins/_security_analytics/logtype/_search') {
      return {
        status: 200,
        body: { hits: { hits: logTypes.map((l, i) => ({ _id: `l${i}`, _source: l })) } },
      };
    }
    if (method === 'POST' && p === '/_plugins/_security_analytics/logtype') {
      logTypes.push(JSON.parse(body) as Record<string, unknown>);
      return { status: 201, body: {} };
    }
    if (method === 'POST' && p === '/_plugins/_security_analytics/rules/_search') {
      const hits = [...sigmaRules].map(([id, r]) => ({
        _id: id,
        _source: { rule: { category: r.category, title: titleOf(r.text), rule: r.text } },
      }));
      return { status: 200, body: { hits: { hits } } };
    }
    if (method === 'POST' && p === '/_plugins/_security_analytics/rules') {
      const id = `r${ids++}`;
      sigmaRules.set(id, { category: url.searchParams.get('category') ?? '', text: body });
      return { status: 201, body: { _id: id } };
    }
    if (method === 'PUT' && p.startsWith('/_plugins/_security_analytics/rules/')) {
      const id = decodeURIComponent(p.slice('/_plugins/_security_analytics/rules/'.length));
      if (!sigmaRules.has(id) || url.searchParams.get('forced') !== 'true') return { status: 400, body: {} };
      sigmaRules.set(id, { category: url.searchParams.get('category') ?? '', text: body });
      return { status: 200, body: { _id: id } };
    }
    return undefined;
  };
  const api = await serve(handler, (req, body, res) => {
    // Everything else: the real engine.
    void fetch(engineUrl + (req.url ?? '/'), {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    }).then(async (r) => {
      const headers: Record<string, string> = {};
      r.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding') headers[k] = v;
      });
      res.writeHead(r.status, headers);
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  return { ...api, monitors, logTypes, sigmaRules };
}
