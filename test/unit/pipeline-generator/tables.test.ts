/** The painless scripts' lookup tables are the TypeScript tables, embedded, not rewritten. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REDACTED } from '../../../src/core/redact';
import { BY_KIND, BY_VERB, PROTOCOL } from '../../../src/ecs/categorize';
import { fieldDefinitions } from '../../../src/ecs/fields';
import { PSEUDO_COMMANDS } from '../../../src/formats/iis/parser';
import { painless } from '../../../src/pipeline-generator/painless';
import { ecsParams, parseParams } from '../../../src/pipeline-generator/tables';
import { ingestSpec } from '../../../src/pipeline-generator/spec';
import { TLS_AUTH_MECHANISMS } from '../../../src/sessions/ftp-commands';
import { REPO_ROOT } from '../../support/golden';

describe('script params', () => {
  const ecs = ecsParams('iis', [990]);

  it('classify verbs and pseudo-commands with the tables of src/ecs/categorize.ts', () => {
    for (const [verb, [category, type]] of Object.entries(BY_VERB))
      expect(ecs.byVerb[verb]).toEqual([category, type]);
    expect(ecs.protocol).toEqual([...PROTOCOL]);
    for (const kind of Object.values(PSEUDO_COMMANDS)) {
      const c = BY_KIND[kind];
      expect(ecs.byKind[kind]).toEqual([c?.category, c?.type, c?.action]);
    }
  });

  it('take the pseudo-commands, AUTH mechanisms, mask and ECS version from their owners', () => {
    expect(parseParams()).toEqual({ pseudo: PSEUDO_COMMANDS, mask: REDACTED });
    expect(ecs.tlsAuth).toEqual([...TLS_AUTH_MECHANISMS]);
    expect(ecs.ecsVersion).toBe(fieldDefinitions().ecs_version);
    expect(ecs.dataset).toBe('ftpsight.iis');
  });
});

describe('painless sources', () => {
  it.each(['normalize-line', 'iis-parse-line', 'ecs-event', 'redact-free-text'] as const)(
    '%s loads without its comment-only lines',
    (name) => {
      const source = painless(name);
      expect(source.length).toBeGreaterThan(100);
      expect(source).not.toMatch(/^\s*\/\//m);
      expect(source).not.toMatch(/^\s*\/\*\*.*\*\/\s*$/m);
    },
  );
});

describe('pipelines/iis-pipeline.yml', () => {
  it('has its layouts documented, as they are, in docs/ingest-pipelines.md', () => {
    const docs = readFileSync(join(REPO_ROOT, 'docs', 'ingest-pipelines.md'), 'utf8');
    for (const { name, fields } of ingestSpec().layouts) {
      expect(docs).toContain(`| \`${name}\``);
      expect(docs).toContain(`| \`${fields}\` |`);
    }
  });

  it('lists, as fields one line cannot give, only fields that event documents declare', () => {
    const events = new Set(
      fieldDefinitions()
        .fields.filter((f) => f.documents.includes('events'))
        .map((f) => f.name),
    );
    const { shipper, session, session_when_the_line_has_no_user: user } = ingestSpec().not_from_the_line;
    for (const field of Object.keys({ ...shipper, ...session, ...user })) expect(events).toContain(field);
  });
});
