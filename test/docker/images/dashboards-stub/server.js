'use strict';
/**
 * Stands in for OpenSearch Dashboards in the Docker tests, whose image cannot be obtained here: it answers the
 * status API (the compose health check) and the saved-objects import API (`ftpsight setup --dashboards`), and
 * tells the test what it was sent (GET /stub/imports). It checks what the real API requires of an import: a
 * POST with the osd-xsrf header and a multipart body holding NDJSON saved objects with a type and an id.
 */
const http = require('node:http');

const imports = [];

function savedObjects(body) {
  return body
    .split(/\r?\n/)
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .filter((o) => typeof o.type === 'string' && typeof o.id === 'string');
}

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function handle(req, res, body) {
  const path = new URL(req.url, 'http://stub').pathname;
  if (req.method === 'GET' && path === '/api/status') {
    return reply(res, 200, { version: { number: '2.19.6' }, status: { overall: { state: 'green' } } });
  }
  if (req.method === 'GET' && path === '/stub/imports') return reply(res, 200, imports);
  if (req.method === 'POST' && path === '/api/saved_objects/_import') {
    if (req.headers['osd-xsrf'] === undefined) {
      return reply(res, 400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Request must contain a osd-xsrf header.',
      });
    }
    if (!String(req.headers['content-type']).startsWith('multipart/form-data')) {
      return reply(res, 415, {
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'expected multipart/form-data',
      });
    }
    const objects = savedObjects(body);
    imports.push({ url: req.url, objects: objects.map(({ type, id }) => ({ type, id })) });
    return reply(res, 200, {
      success: true,
      successCount: objects.length,
      successResults: objects.map(({ type, id }) => ({ type, id, meta: {} })),
    });
  }
  return reply(res, 404, {
    statusCode: 404,
    error: 'Not Found',
    message: `${req.method} ${path} is not stubbed`,
  });
}

http
  .createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        handle(req, res, body);
      } catch (error) {
        reply(res, 400, { statusCode: 400, error: 'Bad Request', message: error.message });
      }
    });
  })
  .listen(5601, '0.0.0.0');

// PID 1 of its container: without a handler, SIGTERM would be ignored until `docker stop` gives up and kills it.
process.on('SIGTERM', () => process.exit(0));
