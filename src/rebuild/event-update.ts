/**
 * What `sessions rebuild --update-events` adds to an event: the fields one line cannot give the ingest
 * pipeline (pipelines/iis-pipeline.yml, not_from_the_line), and the session's verdict. They are taken
 * from the very document `ship` would index, so an updated event reads as if ftpsight had shipped it.
 */
import { eventDocument } from '../ecs/event-document';
import type { SessionVerdict } from '../ecs/session-document';
import { ingestSpec } from '../pipeline-generator/spec';
import type { SessionEvent } from '../sessions/sessionizer';

type Doc = Record<string, unknown>;

let fields: { always: string[][]; withoutUser: string[][] } | undefined;

function updatedFields(): { always: string[][]; withoutUser: string[][] } {
  if (fields === undefined) {
    const spec = ingestSpec().not_from_the_line;
    const paths = (o: object) => Object.keys(o).map((p) => p.split('.'));
    // ftpsight.session whole: its id, which the spec lists, and the verdict beside it.
    const always = paths(spec.session).filter((p) => p[0] !== 'ftpsight' || p[1] !== 'session');
    fields = {
      always: [...always, ['ftpsight', 'session']],
      withoutUser: paths(spec.session_when_the_line_has_no_user),
    };
  }
  return fields;
}

function copy(from: Doc, to: Doc, path: readonly string[]): void {
  let v: unknown = from;
  for (const key of path) v = v === null || typeof v !== 'object' ? undefined : (v as Doc)[key];
  if (v === undefined) return;
  let node = to;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Doc;
  node[path[path.length - 1]] = v;
}

/**
 * The partial document of a bulk `update`; `lineHasUser`: the line logged its own cs-username;
 * `implicitPorts`: the sessionizer's, as for every event document.
 */
export function eventUpdate(
  ev: SessionEvent,
  lineHasUser: boolean,
  implicitPorts: ReadonlySet<number>,
  verdict?: SessionVerdict,
): Doc {
  const full = eventDocument(ev, { logType: 'iis', keepOriginal: false, implicitPorts }, verdict);
  const { always, withoutUser } = updatedFields();
  const out: Doc = {};
  for (const path of lineHasUser ? always : [...always, ...withoutUser]) copy(full, out, path);
  return out;
}
