/** Parts shared by event and session documents, built once rather than per line. */
import { ecsVersion } from './ecs-version';

export type EcsDocument = Record<string, unknown>;

let ecs: { readonly version: string } | undefined;

export function ecsBlock(): { readonly version: string } {
  ecs ??= Object.freeze({ version: ecsVersion() });
  return ecs;
}

const NETWORK = {
  ipv4: Object.freeze({ protocol: 'ftp', transport: 'tcp', type: 'ipv4' }),
  ipv6: Object.freeze({ protocol: 'ftp', transport: 'tcp', type: 'ipv6' }),
  unknown: Object.freeze({ protocol: 'ftp', transport: 'tcp' }),
};

const INVALID = {
  client: Object.freeze(['client']),
  server: Object.freeze(['server']),
  both: Object.freeze(['client', 'server']),
};

/**
 * ftpsight.invalid_address: the endpoints whose logged address is not an IP address (kept as text in
 * source.address / destination.address, never in an `ip` field).
 */
export function invalidAddress(
  clientAddress: string | undefined,
  serverAddress: string | undefined,
): readonly string[] | undefined {
  if (clientAddress === undefined) return serverAddress === undefined ? undefined : INVALID.server;
  return serverAddress === undefined ? INVALID.client : INVALID.both;
}

/** ECS `network` for a connection from or to this address. */
export function networkBlock(ip: string | undefined) {
  if (ip === undefined) return NETWORK.unknown;
  return ip.includes(':') ? NETWORK.ipv6 : NETWORK.ipv4;
}

export function relatedIps(...ips: (string | undefined)[]): string[] | undefined {
  const out: string[] = [];
  for (const ip of ips) if (ip !== undefined && !out.includes(ip)) out.push(ip);
  return out.length > 0 ? out : undefined;
}

export function related(ip: string[] | undefined, userName: string | undefined) {
  if (ip === undefined && userName === undefined) return undefined;
  return { ip, user: userName === undefined ? undefined : [userName] };
}
