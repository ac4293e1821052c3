/**
 * Imports the committed NDJSON into Kibana or OpenSearch Dashboards through their saved-objects import API
 * (POST /api/saved_objects/_import?overwrite=true, the file as multipart form data), with the same
 * credentials and TLS settings as the cluster (engine/connection.ts). Objects the app refuses come back as a
 * list, each with its type, id, title and the reason, for the caller to show.
 */
import { readFileSync } from 'node:fs';
import { FtpsightError } from '../core/errors';
import { appRequest, checkAppUrl, headersFor, multipart } from '../engine/app-request';
import { resolveConnection, type ConnectionOptions, type ResolvedConnection } from '../engine/connection';
import { NDJSON_PATHS, type DashboardsApp } from './generate';

export const APP_NAMES: Record<DashboardsApp, string> = {
  kibana: 'Kibana',
  'opensearch-dashboards': 'OpenSearch Dashboards',
};

const IMPORT_PATH = '/api/saved_objects/_import?overwrite=true';

export interface ImportFailure {
  readonly type: string;
  readonly id: string;
  readonly title?: string;
  /** The app's error type (conflict, missing_references, unsupported_type, unknown...) and its details. */
  readonly error: string;
}

export interface ImportReport {
  readonly app: DashboardsApp;
  readonly url: string;
  readonly imported: number;
  readonly failures: readonly ImportFailure[];
}

interface RawImportError {
  readonly id?: string;
  readonly type?: string;
  readonly title?: string;
  readonly meta?: { readonly title?: string };
  readonly error?: {
    readonly type?: string;
    readonly message?: string;
    readonly references?: readonly { type: string; id: string }[];
  };
}

interface RawImportResponse {
  readonly successCount?: number;
  readonly errors?: readonly RawImportError[];
}

function failureOf(e: RawImportError): ImportFailure {
  const details = [
    ...(e.error?.references ?? []).map((r) => `missing ${r.type} ${r.id}`),
    ...(e.error?.message === undefined ? [] : [e.error.message]),
  ];
  return {
    type: e.type ?? '?',
    id: e.id ?? '?',
    title: e.meta?.title ?? e.title,
    error: `${e.error?.type ?? 'unknown'}${details.length > 0 ? ` (${details.join('; ')})` : ''}`,
  };
}

/** One line per refused object: `dashboard ftpsight-overview "title": missing_references (...)`. */
export function describeFailures(report: ImportReport): string {
  return report.failures
    .map((f) => `  ${f.type} ${f.id}${f.title === undefined ? '' : ` "${f.title}"`}: ${f.error}`)
    .join('\n');
}

function refused(app: DashboardsApp, c: ResolvedConnection, status: number, text: string): FtpsightError {
  const auth = status === 401 || status === 403;
  return new FtpsightError(
    auth ? 'ENGINE_AUTH' : 'ENGINE_REJECTED',
    `${APP_NAMES[app]} at ${c.urls[0]} refused the import (HTTP ${status}): ${c.redactor.redact(text.slice(0, 500))}`,
    auth
      ? 'The user needs the privilege to manage saved objects (Kibana: the Saved Objects Management feature).'
      : undefined,
  );
}

/**
 * Imports `ndjson` (by default the committed file of `app`) into the app at `connection.urls[0]`, replacing
 * objects with the same ids. Throws when the app cannot be reached or refuses the request as a whole.
 */
export async function importDashboards(
  app: DashboardsApp,
  connection: ConnectionOptions,
  ndjson: string = readFileSync(NDJSON_PATHS[app], 'utf8'),
): Promise<ImportReport> {
  checkAppUrl(app, connection.urls[0]);
  const c = resolveConnection(connection);
  const { body, contentType } = multipart(ndjson, `ftpsight-${app}.ndjson`);
  let response: { status: number; text: string };
  try {
    response = await appRequest(
      c,
      { ...headersFor(app, c), 'content-type': contentType },
      'POST',
      IMPORT_PATH,
      body,
    );
  } catch (err) {
    throw new FtpsightError(
      'ENGINE_UNREACHABLE',
      `No ${APP_NAMES[app]} answered at ${c.urls[0]}: ${c.redactor.describe(err)}`,
      'Check the URL (with its base path or space, if any), that the app runs, and --ca or --insecure.',
    );
  }
  if (response.status < 200 || response.status >= 300) throw refused(app, c, response.status, response.text);
  let parsed: RawImportResponse;
  try {
    parsed = JSON.parse(response.text) as RawImportResponse;
  } catch {
    throw new FtpsightError(
      'ENGINE_REJECTED',
      `${c.urls[0]} answered HTTP ${response.status}, but not the saved-objects import API: ` +
        c.redactor.redact(response.text.slice(0, 200)),
      `Give the URL of ${APP_NAMES[app]} itself, with its base path if it has one.`,
    );
  }
  return {
    app,
    url: c.urls[0],
    imported: parsed.successCount ?? 0,
    failures: (parsed.errors ?? []).map(failureOf),
  };
}
