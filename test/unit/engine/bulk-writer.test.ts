/** The bulk requests ship sends, asserted on their NDJSON bodies, and what it does with each answer. */
import type { FtpsightError } from '../../../src/core/errors';
import type { Condition } from '../../../src/core/conditions';
import { JsonBytes } from '../../../src/core/json-bytes';
import { sentOp, sourceOf, writeOp, type BulkOp, type SentOp } from '../../../src/engine/bulk-body';
import { BulkWriter, type BulkHandlers, type RetryWait } from '../../../src/engine/bulk-writer';
import type { BulkBody, BulkItemResult, EngineClient } from '../../../src/engine/client';

const op = (id: string, action: BulkOp['action'] = 'create'): SentOp => ({
  action,
  index: 'logs-ftpsight.iis-default',
  id,
  source: JSON.stringify({ n: id }),
});

/** The NDJSON of one operation, as the writer writes it. */
function opLines(o: BulkOp): string {
  const out = new JsonBytes();
  writeOp(out, o);
  return out.takeText();
}

/** An engine that records each request body and answers from a script. */
function fakeEngine(
  answer: (body: BulkBody, call: number) => BulkItemResult[] | Error,
  answered: () => Promise<void> = () => new Promise((r) => setTimeout(r, 5)),
) {
  const bodies: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const client: EngineClient = {
    info: { kind: 'opensearch', version: '2.19.6', major: 2 },
    nodes: ['http://127.0.0.1:9200'],
    request: async () => ({ status: 200, body: {} }),
    async bulk(body) {
      bodies.push(body.bytes.toString('utf8'));
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await answered();
      inFlight--;
      const a = answer(body, bodies.length);
      if (a instanceof Error) throw a;
      return a;
    },
    describe: (err) => (err instanceof Error ? err.message : String(err)),
    close: async () => undefined,
  };
  return { client, bodies, maxInFlight: () => maxInFlight };
}

function recorder() {
  const acked: string[] = [];
  const duplicates: string[] = [];
  const rejected: [string, string][] = [];
  const waits: RetryWait[] = [];
  const conditions: Condition[] = [];
  const handlers: BulkHandlers<string> = {
    acked: (tag, duplicate) => (duplicate ? duplicates : acked).push(tag),
    rejected: (tag, _op, reason) => rejected.push([tag, reason]),
    waiting: (wait) => waits.push(wait),
    condition: (c) => conditions.push(c),
  };
  return { acked, duplicates, rejected, handlers, waits, conditions };
}

const options = {
  flushBytes: 10_000,
  flushIntervalMs: 10_000,
  concurrency: 2,
  maxRetries: Infinity,
  backoff: { initialMs: 1, maxMs: 2 },
};
const ok = (n: number): BulkItemResult[] => Array.from({ length: n }, () => ({ status: 201 }));

test('action lines are JSON.stringify of index and id, whatever they hold, as each operation comes', () => {
  const ops: BulkOp[] = [
    op('a"b\\c'),
    { ...op('id\u0001'), index: 'in"dex-é' },
    op('a1', 'index'),
    { ...op('a2'), index: 'in"dex-é' },
  ];
  const out = new JsonBytes();
  for (const o of ops) writeOp(out, o);
  const expected = ops.map(
    (o) =>
      `{"${o.action}":{"_index":${JSON.stringify(o.index)},"_id":${JSON.stringify(o.id)}}}\n${o.source as string}\n`,
  );
  expect(out.takeText()).toBe(expected.join(''));
  // The dead letter reads the operation back from them.
  for (const o of ops) {
    const one = new JsonBytes();
    writeOp(one, o);
    expect(sentOp(one.takeBytes())).toEqual(o);
  }
});

test('the body is NDJSON in UTF-8: an action line with index and id, then the document, for each operation', async () => {
  const out = new JsonBytes();
  writeOp(out, op('a1'));
  const accented = { ...op('é'), source: JSON.stringify({ user: 'zoë' }) };
  writeOp(out, accented);
  const bytes = out.takeBytes();
  expect(bytes.toString('utf8')).toBe(
    '{"create":{"_index":"logs-ftpsight.iis-default","_id":"a1"}}\n{"n":"a1"}\n' +
      '{"create":{"_index":"logs-ftpsight.iis-default","_id":"é"}}\n{"user":"zoë"}\n',
  );
  expect(sourceOf(bytes.subarray(bytes.indexOf('{"create"', 1)))).toBe('{"user":"zoë"}');

  const engine = fakeEngine((b) => ok(b.count));
  const writer = new BulkWriter(engine.client, options, recorder().handlers);
  await writer.push(op('a'), 'a');
  await writer.push(op('s', 'index'), 's');
  await writer.flush();
  writer.close();
  expect(engine.bodies).toEqual([opLines(op('a')) + opLines(op('s', 'index'))]);
});

test('bodies alive are bounded: `concurrency` in flight and one being filled, then push waits', async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const engine = fakeEngine(
    (b) => ok(b.count),
    () => held,
  );
  const r = recorder();
  const writer = new BulkWriter(engine.client, { ...options, flushBytes: 300 }, r.handlers);
  let pushed = 0;
  const producer = (async () => {
    for (; pushed < 200; pushed++) await writer.push(op(`d${pushed}`), `d${pushed}`);
  })();
  await new Promise((r) => setTimeout(r, 50));
  // Two requests the engine holds, one body full and waiting: the reader is held back there.
  expect(engine.bodies).toHaveLength(2);
  const perBody = engine.bodies[0].split('\n').length / 2;
  expect(pushed).toBeLessThanOrEqual(3 * Math.ceil(perBody));
  release();
  await producer;
  await writer.flush();
  writer.close();
  expect(r.acked).toHaveLength(200);
});

test('requests are cut by size, and at most `concurrency` are in flight', async () => {
  const engine = fakeEngine((b) => ok(b.count));
  const r = recorder();
  const writer = new BulkWriter(engine.client, { ...options, flushBytes: 300 }, r.handlers);
  for (let i = 0; i < 40; i++) await writer.push(op(`d${i}`), `d${i}`);
  await writer.flush();
  writer.close();
  expect(r.acked).toHaveLength(40);
  expect(engine.bodies.length).toBeGreaterThan(5);
  for (const body of engine.bodies) expect(body.length).toBeLessThan(300 + 120);
  expect(engine.maxInFlight()).toBeLessThanOrEqual(2);
  // Each request full: the document that takes a body past flushBytes goes in it, not in a request alone.
  for (const body of engine.bodies.slice(0, -1)) expect(body.length).toBeGreaterThanOrEqual(300);
});

test('bodies are written in `concurrency` + 1 buffers kept from request to request, each sent intact', async () => {
  const buffers = new Set<ArrayBufferLike>();
  const engine = fakeEngine((b) => {
    buffers.add(b.bytes.buffer);
    return ok(b.count);
  });
  const r = recorder();
  const writer = new BulkWriter(engine.client, { ...options, flushBytes: 300 }, r.handlers);
  const ops = Array.from({ length: 200 }, (_, i) => op(`d${i}`));
  for (const o of ops) await writer.push(o, o.id);
  await writer.flush();
  writer.close();
  expect(engine.bodies.length).toBeGreaterThan(20);
  expect(buffers.size).toBeLessThanOrEqual(3);
  // Reused buffers never mix two bodies: every operation arrives once, whole, in order.
  expect(engine.bodies.join('')).toBe(ops.map(opLines).join(''));
  expect(r.acked).toHaveLength(200);
});

test('409 on create is a replay (acknowledged), 429 items are retried alone, other 4xx are rejected', async () => {
  const engine = fakeEngine((b, call) =>
    call === 1
      ? [
          { status: 201 },
          { status: 409 },
          { status: 429, error: { type: 'es_rejected_execution_exception' } },
          {
            status: 400,
            error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [source.ip]' },
          },
        ]
      : ok(b.count),
  );
  const r = recorder();
  const writer = new BulkWriter(engine.client, options, r.handlers);
  for (const id of ['new', 'old', 'busy', 'bad']) await writer.push(op(id), id);
  await writer.flush();
  writer.close();
  expect(r.acked.sort()).toEqual(['busy', 'new']);
  expect(r.duplicates).toEqual(['old']);
  expect(r.rejected).toEqual([['bad', 'mapper_parsing_exception: failed to parse field [source.ip]']]);
  expect(engine.bodies[1]).toBe(opLines(op('busy'))); // the retry holds the 429 item only
});

test('409 is a replay for each create only, in a body and when retried, in bodies filled one after another', async () => {
  const conflict = { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'exists' } };
  const busy = { status: 429, error: { type: 'es_rejected_execution_exception' } };
  // First body: every item a conflict but the last two, which are retried; then conflicts for all.
  const engine = fakeEngine((b, call) =>
    Array.from({ length: b.count }, (_, i) => (call === 1 && i >= b.count - 2 ? busy : conflict)),
  );
  const r = recorder();
  const writer = new BulkWriter(engine.client, options, r.handlers);
  const ops = [op('a'), op('b', 'index'), op('c'), op('d', 'index'), op('e')];
  for (const o of ops) await writer.push(o, o.id);
  await writer.flush();
  // A second body in the first one's columns, with the actions in other places.
  for (const o of [op('f', 'index'), op('g')]) await writer.push(o, o.id);
  await writer.flush();
  writer.close();
  expect(r.duplicates).toEqual(['a', 'c', 'e', 'g']);
  expect(r.rejected.map(([tag]) => tag)).toEqual(['b', 'd', 'f']);
  expect(r.acked).toEqual([]);
  expect(engine.bodies[1]).toBe(opLines(op('d', 'index')) + opLines(op('e'))); // the 429 items only
});

test('a whole request refused with 429 or a lost connection is sent again, the same bytes', async () => {
  const busy = Object.assign(new Error('Response Error'), {
    name: 'ResponseError',
    meta: { statusCode: 429 },
  });
  const down = Object.assign(new Error('connect ECONNREFUSED'), { name: 'ConnectionError' });
  const engine = fakeEngine((b, call) => (call === 1 ? busy : call === 2 ? down : ok(b.count)));
  const r = recorder();
  const writer = new BulkWriter(engine.client, options, r.handlers);
  await writer.push(op('x'), 'x');
  await writer.flush();
  writer.close();
  expect(engine.bodies).toEqual([opLines(op('x')), opLines(op('x')), opLines(op('x'))]);
  expect(r.acked).toEqual(['x']);
});

test('with --max-retries, an item out of retries is rejected with the reason', async () => {
  const engine = fakeEngine((b) =>
    Array.from({ length: b.count }, () => ({ status: 503, error: { type: 'unavailable_shards_exception' } })),
  );
  const r = recorder();
  const writer = new BulkWriter(engine.client, { ...options, maxRetries: 2 }, r.handlers);
  await writer.push(op('x'), 'x');
  await writer.flush();
  writer.close();
  expect(engine.bodies).toHaveLength(3);
  expect(r.rejected).toEqual([['x', 'gave up after 3 tries: unavailable_shards_exception: ']]);
});

/** An error body as Elasticsearch's security answers it (the OpenSearch security plugin's has the same shape). */
function refusedFor(status: number, type: string, reason: string) {
  return Object.assign(new Error(type), {
    name: 'ResponseError',
    meta: { statusCode: status, body: { error: { root_cause: [{ type, reason }], type, reason }, status } },
  });
}

test("a request refused for good (401) stops the writer with the engine's words and what to check", async () => {
  const denied = refusedFor(
    401,
    'security_exception',
    'missing authentication credentials for REST request [/_bulk]',
  );
  const engine = fakeEngine(() => denied);
  const writer = new BulkWriter(engine.client, options, recorder().handlers);
  await writer.push(op('x'), 'x');
  const err = await writer.flush().catch((e: unknown) => e as FtpsightError);
  expect(err).toMatchObject({
    message:
      'The engine refused a bulk request (HTTP 401, security_exception: missing authentication credentials for REST request [/_bulk])',
    hint: expect.stringContaining('check the user name and FTPSIGHT_PASSWORD'),
  });
  writer.close();
});

test('a 403 names the privilege the engine says is missing', async () => {
  const reason =
    'action [indices:data/write/bulk[s]] is unauthorized for user [shipper] with effective roles [ftpsight_ship] ' +
    'on indices [logs-ftpsight.iis-prod], this action is granted by the index privileges [create_doc,create,index,write,all]';
  const engine = fakeEngine(() => refusedFor(403, 'security_exception', reason));
  const writer = new BulkWriter(engine.client, options, recorder().handlers);
  await writer.push(op('x'), 'x');
  const err = (await writer.flush().catch((e: unknown) => e)) as FtpsightError;
  expect(err.message).toContain(`(HTTP 403, security_exception: ${reason})`);
  expect(err.hint).toBe(
    "The user lacks the privilege indices:data/write/bulk[s]: add it to its role (docs/security.md lists each command's needs).",
  );
  writer.close();
});

const diskBlock = {
  type: 'cluster_block_exception',
  reason:
    'index [.ds-logs-ftpsight.iis-default-000001] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded ' +
    'flood-stage watermark, index has read-only-allow-delete block];',
};

test('items an index block holds wait, named, without using up --max-retries: the engine takes them later', async () => {
  const engine = fakeEngine((b, call) =>
    call <= 4 ? Array.from({ length: b.count }, () => ({ status: 429, error: diskBlock })) : ok(b.count),
  );
  const r = recorder();
  const writer = new BulkWriter(engine.client, { ...options, maxRetries: 1 }, r.handlers);
  await writer.push(op('x'), 'x');
  await writer.flush();
  writer.close();
  expect(r.rejected).toEqual([]);
  expect(r.acked).toEqual(['x']);
  expect(r.waits).toHaveLength(4);
  expect(r.waits[0].condition).toMatchObject({
    name: 'index_blocked',
    fields: { index: '.ds-logs-ftpsight.iis-default-000001', block: 'index.blocks.read_only_allow_delete' },
  });
  expect(r.waits[0].condition?.message).toMatch(/flood-stage watermark.*free disk space/);
});

test('a write block (403) and a block refusing the whole request wait too', async () => {
  const writeBlock = {
    type: 'cluster_block_exception',
    reason: 'index [ftpsight-sessions-default-2024.05.01] blocked by: [FORBIDDEN/8/index write (api)];',
  };
  const whole = Object.assign(new Error('Response Error'), {
    name: 'ResponseError',
    meta: { statusCode: 403, body: { error: writeBlock, status: 403 } },
  });
  const engine = fakeEngine((b, call) =>
    call === 1 ? whole : call <= 3 ? [{ status: 403, error: writeBlock }] : ok(b.count),
  );
  const r = recorder();
  const writer = new BulkWriter(engine.client, { ...options, maxRetries: 0 }, r.handlers);
  await writer.push(op('s', 'index'), 's');
  await writer.flush();
  writer.close();
  expect(r.rejected).toEqual([]);
  expect(r.acked).toEqual(['s']);
  expect(r.waits.map((w) => w.condition?.fields.block)).toEqual([
    'index.blocks.write',
    'index.blocks.write',
    'index.blocks.write',
  ]);
});

test.each([1, 2])(
  'a request too large for the engine (413) is split, and later requests sized to what it accepts (%d in flight)',
  async (concurrency) => {
    const limit = 1000;
    const tooLarge = Object.assign(new Error('Response Error'), {
      name: 'ResponseError',
      meta: { statusCode: 413 },
    });
    const engine = fakeEngine((b) => (b.bytes.length > limit ? tooLarge : ok(b.count)));
    const r = recorder();
    const writer = new BulkWriter(engine.client, { ...options, flushBytes: 5000, concurrency }, r.handlers);
    for (let i = 0; i < 500; i++) await writer.push(op(`d${i}`), `d${i}`);
    await writer.flush();
    writer.close();
    expect(r.acked).toHaveLength(500);
    expect(r.rejected).toEqual([]);
    // Halved three times (5000, 2500, 1250 refused): once each, even when two requests are refused together.
    expect(r.conditions.map((c) => c.name)).toEqual(Array(3).fill('request_too_large'));
    expect(r.conditions[0].fields).toMatchObject({ status: 413 });
    // Not refused again and again, as each 5000-byte batch would be (~50 times in all).
    expect(engine.bodies.filter((b) => b.length > limit).length).toBeLessThan(8);
  },
);

test('a single document over the engine limit (413) goes to the dead letter with why', async () => {
  const tooLarge = Object.assign(new Error('Response Error'), {
    name: 'ResponseError',
    meta: { statusCode: 413 },
  });
  const engine = fakeEngine(() => tooLarge);
  const r = recorder();
  const writer = new BulkWriter(engine.client, options, r.handlers);
  await writer.push(op('huge'), 'huge');
  await writer.flush();
  writer.close();
  expect(r.rejected).toEqual([
    ['huge', expect.stringMatching(/^HTTP 413: the document alone .*http\.max_content_length/)],
  ]);
});

test('a node that does not answer is named in the wait', async () => {
  const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9201'), {
    name: 'ConnectionError',
    meta: { meta: { connection: { url: new URL('http://127.0.0.1:9201/') } } },
  });
  const engine = fakeEngine((b, call) => (call === 1 ? down : ok(b.count)));
  const r = recorder();
  const writer = new BulkWriter(engine.client, options, r.handlers);
  await writer.push(op('x'), 'x');
  await writer.flush();
  writer.close();
  expect(r.acked).toEqual(['x']);
  expect(r.waits[0].condition).toMatchObject({
    name: 'node_unreachable',
    fields: { node: 'http://127.0.0.1:9201' },
  });
  expect(r.waits[0].condition?.message).toMatch(/^the engine at http:\/\/127\.0\.0\.1:9201 did not answer/);
});

test('a document written straight into the body is sent as bytes, and handed back as text when rejected', async () => {
  const bad = { status: 400, error: { type: 'mapper_parsing_exception', reason: 'no' } };
  const engine = fakeEngine(() => [bad]);
  const rejected: string[] = [];
  const writer = new BulkWriter(engine.client, options, {
    ...recorder().handlers,
    rejected: (_tag, o) => rejected.push(`${o.action} ${o.id} ${o.source}`),
  });
  const written: BulkOp = {
    ...op('w'),
    source: (out) => {
      out.text('{"user":');
      out.string('zoë');
      out.text('}');
    },
  };
  await writer.push(written, 'w');
  await writer.flush();
  writer.close();
  expect(engine.bodies).toEqual([opLines({ ...op('w'), source: '{"user":"zoë"}' })]);
  expect(rejected).toEqual(['create w {"user":"zoë"}']);
});
