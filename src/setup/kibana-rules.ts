/**
 * `ftpsight setup --detections --kibana URL`: the Elastic Security rules of
 * detections/generated/elastic/kibana-rules.ndjson into Kibana, through its rule import API (`POST /api/detection_engine/rules/_import?overwrite=true`, the
 * NDJSON as multipart form data), with the cluster's credentials. Each installed rule is read first
 * (`GET /api/detection_engine/rules?rule_id=`): one whose `meta.ftpsight_hash` is the file's is left alone,
 * so a second run changes nothing; with `dryRun` nothing is sent but the reads.
 */
import { FtpsightError } from '../core/errors';
import type { KibanaRule } from '../detection-generator/elastic';
import { appRequest, checkAppUrl, headersFor, multipart } from '../engine/app-request';
import { resolveConnection, type ConnectionOptions, type ResolvedConnection } from '../engine/connection';
import type { SetupAction } from './setup';

export interface DetectionChange {
  readonly kind: 'detection rule' | 'monitor' | 'log type' | 'sigma rule';
  readonly name: string;
  readonly action: SetupAction;
}

const RULES_PATH = '/api/detection_engine/rules';

interface ImportResponse {
  readonly success_count?: number;
  readonly errors?: readonly { rule_id?: string; error?: { status_code?: number; message?: string } }[];
}

function failed(c: ResolvedConnection, what: string, status: number, text: string): FtpsightError {
  const auth = status === 401 || status === 403;
  return new FtpsightError(
    auth ? 'ENGINE_AUTH' : 'ENGINE_REJECTED',
    `Kibana at ${c.urls[0]} refused ${what} (HTTP ${status}): ${c.redactor.redact(text.slice(0, 500))}`,
    auth
      ? 'The user needs the Security feature with "All" on rules (Kibana: Security > Rules and Exceptions).'
      : status === 404
        ? 'Check that --kibana names Kibana itself (with its base path or space) and that Security runs there.'
        : undefined,
  );
}

async function request(
  c: ResolvedConnection,
  method: 'GET' | 'POST',
  path: string,
  body?: Buffer,
  type?: string,
) {
  const headers = { ...headersFor('kibana', c), ...(type === undefined ? {} : { 'content-type': type }) };
  try {
    return await appRequest(c, headers, method, path, body);
  } catch (err) {
    throw new FtpsightError(
      'ENGINE_UNREACHABLE',
      `No Kibana answered at ${c.urls[0]}: ${c.redactor.describe(err)}`,
      'Check the URL (with its base path or space, if any), that Kibana runs, and --ca or --insecure.',
    );
  }
}

/** The hash the installed rule carries, or undefined when Kibana has no rule with that id. */
async function installedHash(c: ResolvedConnection, rule: KibanaRule): Promise<string | null | undefined> {
  const r = await request(c, 'GET', `${RULES_PATH}?rule_id=${encodeURIComponent(rule.rule_id)}`);
  if (r.status === 404) return undefined;
  if (r.status !== 200) throw failed(c, `to show rule ${rule.rule_id}`, r.status, r.text);
  const meta = (JSON.parse(r.text) as { meta?: { ftpsight_hash?: unknown } }).meta;
  return typeof meta?.ftpsight_hash === 'string' ? meta.ftpsight_hash : null;
}

export async function installKibanaRules(
  connection: ConnectionOptions,
  rules: readonly KibanaRule[],
  dryRun: boolean,
): Promise<DetectionChange[]> {
  checkAppUrl('kibana', connection.urls[0]);
  const c = resolveConnection(connection);
  const changes: DetectionChange[] = [];
  const send: KibanaRule[] = [];
  for (const rule of rules) {
    const installed = await installedHash(c, rule);
    const action: SetupAction =
      installed === undefined ? 'create' : installed === rule.meta.ftpsight_hash ? 'unchanged' : 'update';
    changes.push({ kind: 'detection rule', name: rule.name, action });
    if (action !== 'unchanged') send.push(rule);
  }
  if (dryRun || send.length === 0) return changes;
  const ndjson = send.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const { body, contentType } = multipart(ndjson, 'ftpsight-rules.ndjson');
  const r = await request(c, 'POST', `${RULES_PATH}/_import?overwrite=true`, body, contentType);
  if (r.status < 200 || r.status >= 300) throw failed(c, 'the rule import', r.status, r.text);
  const result = JSON.parse(r.text) as ImportResponse;
  const errors = result.errors ?? [];
  if (errors.length > 0 || result.success_count !== send.length) {
    const lines = errors.map(
      (e) => `  ${e.rule_id ?? '?'}: ${e.error?.status_code ?? ''} ${e.error?.message ?? ''}`,
    );
    throw new FtpsightError(
      'ENGINE_REJECTED',
      `Kibana imported ${result.success_count ?? 0} of ${send.length} rule(s):\n${lines.join('\n')}`,
      'Kibana 8.11 or later with Elastic Security is needed (see docs/detections.md).',
    );
  }
  return changes;
}
