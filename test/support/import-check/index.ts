/**
 * A saved-objects NDJSON file run through what one app's import does before it stores anything, ending with
 * the app's strict saved-object index on the real engine (strict-index.ts); index patterns' field lists are
 * held to what the app builds from an index our template makes (field-list.ts). Written from each app's source
 * (the rules are data: test/fixtures/dashboards-apps/). An empty list means the app imports every object,
 * and resolves every reference when it shows them.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { AppRules } from './app-rules';
import { checkFieldLists } from './field-list';
import {
  checkDuplicates,
  checkFields,
  checkReferences,
  checkVersions,
  knownObjects,
  readNdjson,
} from './import-rules';
import type { Problem } from './problems';
import { checkReferenceNames } from './reference-names';
import { indexStrictly } from './strict-index';

export async function checkImport(client: Client, rules: AppRules, ndjson: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const objects = readNdjson(ndjson, problems);
  checkDuplicates(objects, problems);
  // A file with a duplicate is refused whole: nothing further is stored, so nothing further is checked.
  if (problems.some((p) => p.rule === 'duplicate')) return problems;
  const known = knownObjects(rules, objects, problems);
  checkReferences(rules, objects, problems);
  for (const o of known) {
    checkVersions(rules, o, problems);
    checkFields(rules, o, problems);
    checkReferenceNames(rules, o, problems);
  }
  await checkFieldLists(client, rules, known, problems);
  await indexStrictly(client, rules, known, problems);
  return problems;
}

export { APP_RULE_FILES, loadAppRules, type AppRules } from './app-rules';
export type { Problem, Rule } from './problems';
