/**
 * `ftpsight setup --detections` on OpenSearch: the Alerting monitors of
 * detections/generated/opensearch/monitors through the Alerting API, and the Sigma rules under their custom
 * log type through Security Analytics' API, each when its plugin is installed. ftpsight's monitors are found again by the rule id in their ui_metadata, and left
 * alone when their hash is the file's; Sigma rules by title, and left alone when their text is the file's.
 */
import { FtpsightError } from '../core/errors';
import type { Monitor } from '../detection-generator/opensearch';
import type { Detection } from '../detection-generator/sources';
import type { EngineClient, EngineResponse, HttpMethod } from '../engine/client';
import type { DetectionChange } from './kibana-rules';
import type { SetupAction } from './setup';

const ALERTING = '/_plugins/_alerting/monitors';
const SECURITY_ANALYTICS = '/_plugins/_security_analytics';

interface Hit {
  readonly _id: string;
  readonly _source: Record<string, unknown>;
}

function refused(what: string, r: EngineResponse): FtpsightError {
  return new FtpsightError(
    'ENGINE_REJECTED',
    `OpenSearch refused ${what} (HTTP ${r.status}): ${JSON.stringify(r.body).slice(0, 500)}`,
    r.status === 401 || r.status === 403
      ? 'setup --detections needs a user allowed to manage Alerting monitors and Security Analytics rules.'
      : undefined,
  );
}

async function call(client: EngineClient, what: string, method: HttpMethod, path: string, body?: unknown) {
  const r = await client.request(method, path, body);
  if (r.status < 200 || r.status >= 300) throw refused(what, r);
  return r.body as Record<string, unknown>;
}

const hitsOf = (body: Record<string, unknown>) => (body.hits as { hits?: Hit[] } | undefined)?.hits ?? [];

/** A search hit of the monitors API holds the monitor, or `{monitor: ...}` (the config index's shape). */
function monitorOf(hit: Hit): Record<string, unknown> {
  return (hit._source.monitor as Record<string, unknown> | undefined) ?? hit._source;
}

export async function installMonitors(
  client: EngineClient,
  monitors: readonly Monitor[],
  dryRun: boolean,
): Promise<DetectionChange[]> {
  const found = hitsOf(
    await call(client, 'the monitor search', 'POST', `${ALERTING}/_search`, {
      size: 1000,
      query: { match_all: {} },
    }),
  );
  const installed = new Map<string, { id: string; hash?: unknown }>();
  for (const hit of found) {
    const ftpsight = (
      monitorOf(hit).ui_metadata as { ftpsight?: { rule_id?: string; hash?: unknown } } | undefined
    )?.ftpsight;
    if (ftpsight?.rule_id !== undefined)
      installed.set(ftpsight.rule_id, { id: hit._id, hash: ftpsight.hash });
  }
  const changes: DetectionChange[] = [];
  for (const m of monitors) {
    const current = installed.get(m.ui_metadata.ftpsight.rule_id);
    const action: SetupAction =
      current === undefined
        ? 'create'
        : current.hash === m.ui_metadata.ftpsight.hash
          ? 'unchanged'
          : 'update';
    changes.push({ kind: 'monitor', name: m.name, action });
    if (dryRun || action === 'unchanged') continue;
    if (current === undefined) await call(client, `monitor ${m.name}`, 'POST', ALERTING, m);
    else await call(client, `monitor ${m.name}`, 'PUT', `${ALERTING}/${encodeURIComponent(current.id)}`, m);
  }
  return changes;
}

async function installLogType(
  client: EngineClient,
  logType: Record<string, unknown>,
  dryRun: boolean,
): Promise<DetectionChange> {
  const name = String(logType.name);
  const found = hitsOf(
    await call(client, 'the log type search', 'POST', `${SECURITY_ANALYTICS}/logtype/_search`, {
      size: 1000,
      query: { match_all: {} },
    }),
  );
  // The source is the log type, or {logType: ...} depending on the version.
  const exists = found.some(
    (h) => (h._source.name ?? (h._source.logType as { name?: string })?.name) === name,
  );
  if (!exists && !dryRun)
    await call(client, `log type ${name}`, 'POST', `${SECURITY_ANALYTICS}/logtype`, logType);
  return { kind: 'log type', name, action: exists ? 'unchanged' : 'create' };
}

export async function installSigmaRules(
  client: EngineClient,
  logType: Record<string, unknown>,
  rules: readonly Detection[],
  dryRun: boolean,
): Promise<DetectionChange[]> {
  const category = encodeURIComponent(String(logType.name));
  const changes = [await installLogType(client, logType, dryRun)];
  const found = hitsOf(
    await call(client, 'the rule search', 'POST', `${SECURITY_ANALYTICS}/rules/_search?pre_packaged=false`, {
      size: 1000,
      query: {
        nested: { path: 'rule', query: { bool: { must: [{ match: { 'rule.category': logType.name } }] } } },
      },
    }),
  );
  const byTitle = new Map(
    found.map((h) => {
      const rule = (h._source.rule as { title?: string; rule?: string } | undefined) ?? {};
      return [rule.title, { id: h._id, text: rule.rule }] as const;
    }),
  );
  for (const d of rules) {
    const current = byTitle.get(d.sigma.title);
    const action: SetupAction =
      current === undefined ? 'create' : current.text === d.sigmaText ? 'unchanged' : 'update';
    changes.push({ kind: 'sigma rule', name: d.sigma.title, action });
    if (dryRun || action === 'unchanged') continue;
    // The Sigma YAML is the body, as Security Analytics' rule API takes it.
    if (current === undefined) {
      await call(
        client,
        `Sigma rule ${d.sigma.title}`,
        'POST',
        `${SECURITY_ANALYTICS}/rules?category=${category}`,
        d.sigmaText,
      );
    } else {
      const path = `${SECURITY_ANALYTICS}/rules/${encodeURIComponent(current.id)}?category=${category}&forced=true`;
      await call(client, `Sigma rule ${d.sigma.title}`, 'PUT', path, d.sigmaText);
    }
  }
  return changes;
}
