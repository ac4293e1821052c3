/**
 * What an app's saved-objects import checks before it stores anything, in its order: each line is an object;
 * types the app knows; no type:id twice (the app refuses the whole file); references present; migration
 * versions the app knows; the fields it reads and the attributes its schema requires.
 */
import { compareVersions, type AppRules } from './app-rules';
import { keyOf, type Problem, type SavedObjectLine } from './problems';

/** The objects of an NDJSON file, as the import reads it: blank lines skipped, one JSON object a line. */
export function readNdjson(text: string, problems: Problem[]): SavedObjectLine[] {
  const objects: SavedObjectLine[] = [];
  text.split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (err) {
      problems.push({ object: 'file', rule: 'ndjson', message: `line ${n + 1}: ${(err as Error).message}` });
      return;
    }
    const shaped =
      o !== null &&
      typeof o === 'object' &&
      typeof (o as SavedObjectLine).type === 'string' &&
      typeof (o as SavedObjectLine).id === 'string' &&
      typeof (o as SavedObjectLine).attributes === 'object' &&
      Array.isArray((o as SavedObjectLine).references ?? []);
    if (!shaped) {
      problems.push({ object: 'file', rule: 'ndjson', message: `line ${n + 1} is no saved object` });
      return;
    }
    objects.push({ ...(o as SavedObjectLine), references: (o as SavedObjectLine).references ?? [] });
  });
  return objects;
}

/** The app refuses the whole import when one type:id appears twice, whatever the types. */
export function checkDuplicates(objects: readonly SavedObjectLine[], problems: Problem[]): void {
  const seen = new Set<string>();
  for (const o of objects) {
    if (seen.has(keyOf(o))) {
      problems.push({
        object: keyOf(o),
        rule: 'duplicate',
        message: 'appears twice: the app refuses the whole file ("Non-unique import objects detected")',
      });
    }
    seen.add(keyOf(o));
  }
}

/** Objects of a type the app does not know fail with unsupported_type; the others go on. */
export function knownObjects(
  rules: AppRules,
  objects: readonly SavedObjectLine[],
  problems: Problem[],
): SavedObjectLine[] {
  return objects.filter((o) => {
    if (rules.types[o.type] !== undefined) return true;
    problems.push({
      object: keyOf(o),
      rule: 'unsupported_type',
      message: `${rules.app} ${rules.version} has no importable type "${o.type}" described in its rules`,
    });
    return false;
  });
}

/**
 * Every reference names an object of the file. The app itself refuses only missing references of
 * validated_reference_types (missing_references); any other missing one imports and breaks its panel later.
 */
export function checkReferences(
  rules: AppRules,
  objects: readonly SavedObjectLine[],
  problems: Problem[],
): void {
  const present = new Set(objects.map(keyOf));
  for (const o of objects) {
    for (const r of o.references) {
      if (present.has(keyOf(r))) continue;
      const refused = rules.validated_reference_types.includes(r.type);
      problems.push({
        object: keyOf(o),
        rule: 'missing_reference',
        message:
          `reference ${r.name} names ${keyOf(r)}, which the file lacks: ` +
          (refused ? 'the app refuses the object (missing_references)' : 'it imports, and breaks when shown'),
      });
    }
  }
}

/** The object's type version, where this app reads it, and the version of each other property it claims. */
function claimedVersions(rules: AppRules, o: SavedObjectLine): Record<string, string> {
  const legacy = (o.migrationVersion ?? {}) as Record<string, string>;
  if (rules.version_field === 'typeMigrationVersion' && typeof o.typeMigrationVersion === 'string') {
    return { ...legacy, [o.type]: o.typeMigrationVersion };
  }
  return legacy;
}

/**
 * The object's version of its type is at most a migration the type has; a version of another property is
 * one the app cannot place. An object with no version has every migration of its type run on it.
 */
export function checkVersions(rules: AppRules, o: SavedObjectLine, problems: Problem[]): void {
  const claimed = claimedVersions(rules, o);
  const where = rules.version_field === 'typeMigrationVersion' ? 'typeMigrationVersion' : `migrationVersion`;
  if (claimed[o.type] === undefined) {
    problems.push({
      object: keyOf(o),
      rule: 'version',
      message: `no ${where} for ${o.type}: ${rules.app} would run every migration of its type on it`,
    });
  }
  for (const [property, version] of Object.entries(claimed)) {
    const known = rules.types[property]?.migration;
    if (known === undefined || compareVersions(version, known) > 0) {
      problems.push({
        object: keyOf(o),
        rule: 'version',
        message:
          `claims ${property} ${version}, newer than ${rules.app} ${rules.version} knows` +
          (known === undefined ? '' : ` (its ${property} migrations reach ${known})`),
      });
    }
  }
  const core = o.coreMigrationVersion;
  if (rules.core_version && typeof core === 'string' && compareVersions(core, rules.version) > 0) {
    problems.push({
      object: keyOf(o),
      rule: 'version',
      message: `coreMigrationVersion ${core} is newer than ${rules.app} ${rules.version}`,
    });
  }
}

/** Fields of the line the app drops, and attributes its create schema requires. */
export function checkFields(rules: AppRules, o: SavedObjectLine, problems: Problem[]): void {
  for (const field of Object.keys(o)) {
    if (rules.object_fields.includes(field)) continue;
    problems.push({
      object: keyOf(o),
      rule: 'ignored_field',
      message: `${rules.app} drops the field ${field} on import: what it says is lost`,
    });
  }
  for (const attribute of rules.types[o.type].required ?? []) {
    if (o.attributes[attribute] !== undefined) continue;
    problems.push({
      object: keyOf(o),
      rule: 'required',
      message: `lacks the attribute ${attribute}, which ${rules.app}'s ${o.type} schema requires`,
    });
  }
}
