/**
 * MITRE ATT&CK names for a Sigma rule's `attack.*` tags, from the excerpt of ATT&CK's STIX data in
 * detections/attack/ (the same file pySigma reads in the tests, instead of downloading MITRE's). Tags pair
 * up in order, as pySigma pairs them: the first tactic tag with the first technique tag, and so on; a
 * technique must belong to the tactic it is paired with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FtpsightError } from '../core/errors';

export interface ThreatEntry {
  readonly id: string;
  readonly name: string;
  readonly reference: string;
}

export interface Technique extends ThreatEntry {
  readonly subtechnique?: readonly ThreatEntry[];
}

/** One `[[rule.threat]]` of Elastic's rules, as Kibana's rule API takes it. */
export interface Threat {
  readonly framework: 'MITRE ATT&CK';
  readonly tactic: ThreatEntry;
  readonly technique: readonly Technique[];
}

interface StixObject {
  readonly type: string;
  readonly name: string;
  readonly x_mitre_shortname?: string;
  readonly kill_chain_phases?: readonly { kill_chain_name: string; phase_name: string }[];
  readonly external_references: readonly { source_name: string; external_id?: string }[];
}

interface Attack {
  /** Short name (credential-access) → tactic. */
  readonly tactics: ReadonlyMap<string, ThreatEntry>;
  /** T1040, T1048.003 → name and the tactics' short names it belongs to. */
  readonly techniques: ReadonlyMap<string, { name: string; tactics: readonly string[] }>;
}

export function loadAttack(path: string): Attack {
  const bundle = JSON.parse(readFileSync(path, 'utf8')) as { objects: StixObject[] };
  const tactics = new Map<string, ThreatEntry>();
  const techniques = new Map<string, { name: string; tactics: string[] }>();
  for (const o of bundle.objects) {
    const id = o.external_references.find((r) => r.source_name === 'mitre-attack')?.external_id;
    if (id === undefined) continue;
    if (o.type === 'x-mitre-tactic' && o.x_mitre_shortname !== undefined) {
      tactics.set(o.x_mitre_shortname, { id, name: o.name, reference: tacticUrl(id) });
    } else if (o.type === 'attack-pattern') {
      const phases = (o.kill_chain_phases ?? []).filter((p) => p.kill_chain_name === 'mitre-attack');
      techniques.set(id, { name: o.name, tactics: phases.map((p) => p.phase_name) });
    }
  }
  return { tactics, techniques };
}

// Elastic's rules spell references with a trailing slash, sub-techniques as T1048/003/.
const tacticUrl = (id: string) => `https://attack.mitre.org/tactics/${id}/`;
const techniqueUrl = (id: string) => `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;

function unknownTag(rule: string, tag: string, path: string): FtpsightError {
  return new FtpsightError(
    'CONFIG_INVALID',
    `${rule}: ATT&CK tag ${tag} is not in ${path}`,
    'Add its object from MITRE ATT&CK STIX data to that file, or fix the tag.',
  );
}

/** The threat blocks of a rule's tags (`attack.credential-access`, `attack.t1040`, ...). */
export function threatOf(rule: string, tags: readonly string[], attack: Attack, path: string): Threat[] {
  const names = tags.filter((t) => t.startsWith('attack.')).map((t) => t.slice('attack.'.length));
  const isTechnique = (n: string) => /^t\d{4}(\.\d{3})?$/.test(n);
  const tacticTags = names.filter((n) => !isTechnique(n));
  const techniqueTags = names.filter(isTechnique).map((n) => n.toUpperCase());
  if (tacticTags.length !== techniqueTags.length) {
    throw new FtpsightError(
      'CONFIG_INVALID',
      `${rule}: ${tacticTags.length} ATT&CK tactic tag(s) for ${techniqueTags.length} technique tag(s)`,
      'Give each technique tag its tactic tag, tactics first, in the same order.',
    );
  }
  return tacticTags.map((shortName, i): Threat => {
    const tactic = attack.tactics.get(shortName);
    if (tactic === undefined) throw unknownTag(rule, `attack.${shortName}`, path);
    const id = techniqueTags[i];
    const parentId = id.split('.')[0];
    const parent = attack.techniques.get(parentId);
    const own = attack.techniques.get(id);
    if (parent === undefined || own === undefined) throw unknownTag(rule, `attack.${id.toLowerCase()}`, path);
    if (!own.tactics.includes(shortName)) {
      throw new FtpsightError(
        'CONFIG_INVALID',
        `${rule}: ATT&CK technique ${id} does not belong to the tactic ${shortName} it is paired with`,
      );
    }
    const technique: Technique = {
      id: parentId,
      name: parent.name,
      reference: techniqueUrl(parentId),
      ...(id === parentId ? {} : { subtechnique: [{ id, name: own.name, reference: techniqueUrl(id) }] }),
    };
    return { framework: 'MITRE ATT&CK', tactic, technique: [technique] };
  });
}

export const ATTACK_FILE = join('attack', 'enterprise-attack-subset.json');
