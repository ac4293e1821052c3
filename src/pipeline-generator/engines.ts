/**
 * Elasticsearch 8/9 and OpenSearch 2.x ingest: which processors each ships, and the one way their pipeline
 * bodies differ for ftpsight. The pipelines use only processors both have (OpenSearch has no uri_parts,
 * network_direction or registered_domain, for instance), so the variants differ in `_meta` alone, which
 * Elasticsearch shows in Kibana and OpenSearch refuses ("doesn't support one or more provided configuration
 * parameters [_meta]").
 */
import type { Processor } from './processors';

export const PIPELINE_ENGINES = ['elasticsearch', 'opensearch', 'both'] as const;
/** `both`: a body either engine accepts (what `ftpsight setup` installs, whichever it talks to). */
export type PipelineEngine = (typeof PIPELINE_ENGINES)[number];

const names = (list: string) => list.split(/\s+/).filter((n) => n !== '');

/** Processors of the ingest-common module both engines have. */
const COMMON = names(`
  append bytes convert csv date date_index_name dissect dot_expander drop fail foreach grok gsub html_strip
  join json kv lowercase pipeline remove rename script set sort split trim uppercase url_decode user_agent`);

export const ENGINE_PROCESSORS: Readonly<Record<PipelineEngine, ReadonlySet<string>>> = {
  elasticsearch: new Set([
    ...COMMON,
    ...names(`community_id fingerprint network_direction registered_domain uri_parts redact reroute terminate
      enrich inference geoip attachment`),
  ]),
  opensearch: new Set([...COMMON, ...names('copy remove_by_pattern community_id fingerprint geoip')]),
  both: new Set(COMMON),
};

export interface PipelineBody {
  description: string;
  _meta?: Record<string, unknown>;
  processors: Processor[];
  on_failure: Processor[];
}

/** Processor types of a list, on_failure lists inside processors included. */
export function processorTypes(list: readonly Processor[]): string[] {
  return list.flatMap((proc) =>
    Object.entries(proc).flatMap(([type, body]) => [
      type,
      ...processorTypes((body.on_failure as Processor[] | undefined) ?? []),
    ]),
  );
}

/** The body for one engine; throws if a processor is not one that engine has (a generator bug). */
export function forEngine(body: PipelineBody, engine: PipelineEngine): PipelineBody {
  const allowed = ENGINE_PROCESSORS[engine];
  const missing = processorTypes([...body.processors, ...body.on_failure]).filter((t) => !allowed.has(t));
  if (missing.length > 0) throw new Error(`processors ${missing.join(', ')} are not available on ${engine}`);
  return engine === 'elasticsearch' ? { ...body, _meta: { managed_by: 'ftpsight', managed: true } } : body;
}
