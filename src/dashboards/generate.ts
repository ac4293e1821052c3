/**
 * dashboards/spec.yml → dashboards/generated/kibana.ndjson and dashboards/generated/opensearch-dashboards.ndjson, the files the
 * repository commits, `ftpsight setup --kibana/--dashboards` imports and users can import by hand.
 * Run by `npm run dashboards`; a unit test fails when the committed files differ from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root';
import type { WebApp } from '../engine/app-request';
import { kibanaObjects } from './kibana';
import { openSearchDashboardsObjects } from './opensearch-dashboards';
import { toNdjson } from './saved-object';
import { loadSpec, type DashboardSpec } from './spec';

/** The two apps the dashboards are generated for (engine/app-request.ts talks to them). */
export type DashboardsApp = WebApp;

export const NDJSON_PATHS: Record<DashboardsApp, string> = {
  kibana: join(PACKAGE_ROOT, 'dashboards', 'generated', 'kibana.ndjson'),
  'opensearch-dashboards': join(PACKAGE_ROOT, 'dashboards', 'generated', 'opensearch-dashboards.ndjson'),
};

export function generateNdjson(spec: DashboardSpec = loadSpec()): Record<DashboardsApp, string> {
  return {
    kibana: toNdjson(kibanaObjects(spec)),
    'opensearch-dashboards': toNdjson(openSearchDashboardsObjects(spec)),
  };
}

if (require.main === module) {
  const files = generateNdjson();
  for (const app of Object.keys(files) as DashboardsApp[]) {
    writeFileSync(NDJSON_PATHS[app], files[app]);
    process.stdout.write(`wrote ${NDJSON_PATHS[app]}\n`);
  }
}
