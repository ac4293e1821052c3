/**
 * Addresses a parser read are checked once, here, for every format: a value that is not an IP address (a
 * host name, IIS's placeholder `ip1`, a corrupt `123.456.789.0`) moves from clientIp / serverIp to
 * clientAddress / serverAddress, which documents keep as text (source.address) and flag
 * (ftpsight.invalid_address). An `ip` field holding it would make the engine refuse the whole document.
 */
import type { FtpRecord } from '../core/types';
import { isIpAddress } from '../core/ip';

/** The last address of each side found valid: a server's address repeats on every line, a client's in runs. */
let lastClient = '';
let lastServer = '';

function validClient(ip: string | undefined): boolean {
  if (ip === undefined || ip === lastClient) return true;
  if (!isIpAddress(ip)) return false;
  lastClient = ip;
  return true;
}

function validServer(ip: string | undefined): boolean {
  if (ip === undefined || ip === lastServer) return true;
  if (!isIpAddress(ip)) return false;
  lastServer = ip;
  return true;
}

/** The record itself when its addresses are IP addresses (or absent), else a copy with them moved. */
export function withValidAddresses(r: FtpRecord): FtpRecord {
  const client = validClient(r.clientIp);
  const server = validServer(r.serverIp);
  if (client && server) return r;
  return {
    ...r,
    clientIp: client ? r.clientIp : undefined,
    clientAddress: client ? r.clientAddress : r.clientIp,
    serverIp: server ? r.serverIp : undefined,
    serverAddress: server ? r.serverAddress : r.serverIp,
  };
}
