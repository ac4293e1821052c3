/**
 * A TLS endpoint in front of the test engine: a certificate authority and a server certificate for
 * "localhost" made with openssl at test time, and a TLS server that pipes each connection to the
 * engine's plain HTTP port. It stands for a production cluster behind HTTPS.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';

export interface TlsTerminator {
  readonly url: string;
  /** PEM file of the CA that signed the endpoint's certificate. */
  readonly caPath: string;
  close(): Promise<void>;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A self-signed CA, `<name>.pem` and `<name>.key` in dir; returns the certificate's path. */
export function makeCa(dir: string, name: string): string {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=ftpsight ${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
  ]);
  return join(dir, `${name}.pem`);
}

/** ca.pem signs server.pem (CN and SAN localhost, 127.0.0.1). */
function makeCertificates(dir: string): void {
  makeCa(dir, 'ca');
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  ]);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  ]);
}

export async function startTlsTerminator(dir: string, engineUrl: string): Promise<TlsTerminator> {
  makeCertificates(dir);
  const engine = new URL(engineUrl);
  const server: Server = createServer(
    { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) },
    (socket) => {
      const upstream = netConnect(Number(engine.port), engine.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    },
  );
  // A client that refuses the certificate aborts the handshake: expected here, not a test failure.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    caPath: join(dir, 'ca.pem'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
