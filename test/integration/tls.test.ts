/**
 * TLS to the cluster, against a real HTTPS endpoint (the test engine behind a local TLS terminator
 * with a CA made at test time): the certificate is verified by default and a failure names the fix,
 * --ca makes it verify, --insecure is the only way to skip the check, and credentials given in the
 * URL never show in the error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../src/engine/detect';
import { FtpsightError } from '../../src/core/errors';
import { testEngine } from './engine';
import { makeCa, startTlsTerminator, type TlsTerminator } from './tls-terminator';

let dir: string;
let tls: TlsTerminator;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ftpsight-tls-'));
  tls = await startTlsTerminator(dir, testEngine().url);
});
afterAll(async () => {
  await tls.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connectError(options: Parameters<typeof connect>[0]): Promise<FtpsightError> {
  try {
    const client = await connect(options);
    await client.close();
  } catch (err) {
    if (err instanceof FtpsightError) return err;
    throw err;
  }
  throw new Error('connected although the certificate does not verify');
}

it('refuses a certificate it cannot verify, and says to give --ca', async () => {
  const err = await connectError({ urls: [tls.url] });
  expect(err.code).toBe('ENGINE_UNREACHABLE');
  expect(err.message).toMatch(/certificate/i);
  expect(err.hint).toMatch(/--ca/);
});

it('verifies the certificate with the CA given by --ca', async () => {
  const client = await connect({ urls: [tls.url], ca: tls.caPath });
  try {
    expect(client.info.kind).toBe(testEngine().kind);
  } finally {
    await client.close();
  }
});

it('skips verification with --insecure only', async () => {
  const client = await connect({ urls: [tls.url], insecure: true });
  await client.close();
  // A CA that did not sign the certificate does not make it pass.
  const err = await connectError({ urls: [tls.url], ca: makeCa(dir, 'unrelated-ca') });
  expect(err.hint).toMatch(/--ca/);
});

it('never prints credentials given in the URL, in any encoding', async () => {
  const password = 'pa:ss w@rd-7731';
  const url = tls.url.replace('https://', `https://elastic:${encodeURIComponent(password)}@`);
  const err = await connectError({ urls: [url] });
  const text = `${err.message}\n${err.hint ?? ''}\n${err.stack ?? ''}`;
  for (const form of [
    password,
    encodeURIComponent(password),
    Buffer.from(`elastic:${password}`).toString('base64'),
  ]) {
    expect(text).not.toContain(form);
  }
  expect(text).not.toMatch(/elastic:[^@\s]*@/);
});

it('never prints an API key or token sent in the Authorization header', async () => {
  for (const secret of [{ apiKey: 'a2V5LWlkOmtleS1zZWNyZXQtOTk=' }, { bearerToken: 'tok.en-secret-4242' }]) {
    const err = await connectError({ urls: [tls.url], ...secret });
    const text = `${err.message}\n${err.hint ?? ''}\n${err.stack ?? ''}`;
    for (const value of Object.values(secret)) expect(text).not.toContain(value);
  }
});
