/**
 * Before ship writes anything: are ftpsight's index templates installed, as this version of ftpsight
 * defines them? Without them, the engine makes a plain index with dynamic mappings on the first write
 * (`source.ip` as text, no data stream), and every later write goes there, setup or not.
 *
 * Like Filebeat, ship checks its templates at start. Unlike Filebeat it does not install them: ship runs
 * with a writer's rights (docs/security.md), which cannot manage templates, and a shipper of another
 * version would replace definitions a setup of this one installed. It refuses, and says to run setup.
 */
import { FtpsightError } from '../core/errors';
import type { EngineClient } from '../engine/client';
import { refusal } from '../engine/refusal';
import { loadAssets } from '../engine/assets';
import { desiredResources } from './resources';

/** What is wrong with each template ship needs: not installed, or installed by another version. */
export async function templateProblems(client: EngineClient): Promise<string[]> {
  // Lifecycles change the templates' content on Elasticsearch only (ILM settings); OpenSearch's ISM
  // policies name their indices themselves.
  const lifecycles = client.info.kind === 'elasticsearch' ? 'ilm' : 'none';
  const templates = desiredResources(loadAssets(), client.info.kind, lifecycles).filter(
    (r) => r.kind === 'index template',
  );
  const problems: string[] = [];
  for (const t of templates) {
    const r = await client.request('GET', t.path);
    if (r.status === 404) problems.push(`the index template ${t.name} is not installed`);
    else if (r.status !== 200)
      throw refusal(`to show the index template ${t.name}`, r, (text) => client.describe(text));
    else if (t.installedHash(r.body) !== t.hash)
      problems.push(
        `the index template ${t.name} is not the one this ftpsight installs ` +
          `(installed: ${t.installedHash(r.body) ?? 'not by ftpsight'}, this version's: ${t.hash})`,
      );
  }
  return problems;
}

export function setupNeeded(problems: readonly string[], target: string): FtpsightError {
  return new FtpsightError(
    'SETUP_NEEDED',
    `ship sent nothing: ${problems.join('; ')}`,
    `Run \`ftpsight setup --target ${target}\` with this version of ftpsight (as a user allowed to manage ` +
      'index templates), then ship again.',
  );
}
