/** Every field ftpsight writes is declared once, in pipelines/fields.yml, with a type its values fit. */
import { isIP } from 'node:net';
import { ecsVersion } from '../../../src/ecs/ecs-version';
import { fieldDefinitions, type DocumentKind, type FieldDefinition } from '../../../src/ecs/fields';
import { goldenCases, runGolden } from '../../support/golden';

/** Leaf paths of a document; objects under a `flattened` field count as that one field. */
function leaves(
  doc: unknown,
  flattened: ReadonlySet<string>,
  prefix = '',
  out = new Map<string, unknown[]>(),
) {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc) && !flattened.has(prefix)) {
    for (const [k, v] of Object.entries(doc)) leaves(v, flattened, prefix === '' ? k : `${prefix}.${k}`, out);
  } else {
    const values = Array.isArray(doc) ? doc : [doc];
    out.set(prefix, [...(out.get(prefix) ?? []), ...values]);
  }
  return out;
}

const FITS: Record<string, (v: unknown) => boolean> = {
  keyword: (v) => typeof v === 'string',
  ip: (v) => typeof v === 'string' && isIP(v) !== 0,
  long: (v) => Number.isSafeInteger(v),
  boolean: (v) => typeof v === 'boolean',
  date: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && v.endsWith('Z'),
  flattened: (v) => typeof v === 'object' && v !== null,
};

describe('pipelines/fields.yml', () => {
  const defs = fieldDefinitions();
  const byName = new Map<string, FieldDefinition>(defs.fields.map((f) => [f.name, f]));
  const flattened = new Set(defs.fields.filter((f) => f.type === 'flattened').map((f) => f.name));

  it('gives the same ecs_version read from its line as parsed from the YAML (the start-up path)', () => {
    expect(ecsVersion()).toBe(defs.ecs_version);
    expect(defs.ecs_version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('declares each field once, with a known type and a description', () => {
    expect(byName.size).toBe(defs.fields.length);
    for (const f of defs.fields) {
      expect(Object.keys(FITS)).toContain(f.type);
      expect(f.description.length).toBeGreaterThan(5);
      expect(f.documents.length).toBeGreaterThan(0);
    }
  });

  // Every golden case of every format runs through the whole data path: more than the default 5 s.
  it('covers every field of every golden document, with values of the declared type', async () => {
    const used = new Map<DocumentKind, Set<string>>([
      ['events', new Set()],
      ['sessions', new Set()],
    ]);
    for (const c of goldenCases()) {
      const out = await runGolden(c);
      const docs: [DocumentKind, unknown[]][] = [
        ['events', out.events],
        ['sessions', out.sessionDocuments],
      ];
      for (const [kind, list] of docs) {
        for (const doc of list) {
          for (const [path, values] of leaves(doc, flattened)) {
            const def = byName.get(path);
            if (def === undefined)
              throw new Error(`${kind} field ${path} (in ${c.name}) is not in fields.yml`);
            expect({ path, kind, declared: def.documents.includes(kind) }).toEqual({
              path,
              kind,
              declared: true,
            });
            for (const v of values) {
              if (!FITS[def.type](v))
                throw new Error(`${path} = ${JSON.stringify(v)} does not fit type ${def.type}`);
            }
            used.get(kind)?.add(path);
          }
        }
      }
    }
    // Declared fields that no golden case produces are untested promises.
    for (const f of defs.fields) {
      for (const kind of f.documents) {
        if (f.origin?.[kind] !== undefined) continue; // ship and the ingest pipeline have their own tests
        if (!used.get(kind)?.has(f.name))
          throw new Error(`${f.name} is declared for ${kind} but no golden case produces it`);
      }
    }
  }, 60_000);
});
