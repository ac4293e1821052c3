/**
 * A closed session as the stable `scan --format json` object, and the verdict its events carry; its ECS
 * summary document is session-document-json.ts's.
 */
import type { SessionState } from '../sessions/state';
import { credentialsExposed, dataProtection, loginOutcome, tlsMode } from '../sessions/verdict';
import { accountKey } from '../core/account';

const iso = (ms: number) => new Date(ms).toISOString();

/** The JSON shape of `scan --format json`: names kept stable for scripts and the HTML report. */
export interface SessionJson {
  id: string;
  /** `address`: what the log wrote where an IP address should be, when it is not one. */
  server: { ip?: string; address?: string; port?: number; site?: string; name?: string; domain?: string };
  client: { ip?: string; address?: string; port?: number };
  user: string | null;
  start: string;
  end: string;
  tls_mode: string;
  data_protection: string;
  credentials_exposed: string;
  login: string;
  anonymous: boolean;
  ambiguous: boolean;
  partial: boolean;
  implicit_declared: boolean;
  closed_by: string;
  auth: { accepted: string | null; refused: number };
  ccc: boolean;
  prot: string | null;
  commands: number;
  failed_logins: number;
  transfers: { private: number; clear: number };
  bytes: { sent: number; received: number };
  first_line: { file: string; line: number };
}

export function sessionJson(s: SessionState): SessionJson {
  return {
    id: s.id,
    server: {
      ip: s.serverIp,
      address: s.serverAddress,
      port: s.serverPort,
      site: s.site,
      name: s.serverName,
      domain: s.serverDomain,
    },
    client: { ip: s.clientIp, address: s.clientAddress, port: s.clientPort },
    user: s.user ?? null,
    start: iso(s.start),
    end: iso(s.end),
    tls_mode: tlsMode(s),
    data_protection: dataProtection(s),
    credentials_exposed: credentialsExposed(s),
    login: loginOutcome(s),
    anonymous: s.anonymous,
    ambiguous: s.ambiguous,
    partial: s.partial,
    implicit_declared: s.implicitDeclared,
    closed_by: s.closedBy ?? 'end_of_input',
    auth: { accepted: s.authAccepted ?? null, refused: s.authRefused },
    ccc: s.cccAccepted,
    prot: s.prot ?? null,
    commands: s.commands,
    failed_logins: s.failedLogins,
    transfers: { private: s.transfersPrivate, clear: s.transfersClear },
    bytes: { sent: s.bytesSent, received: s.bytesReceived },
    first_line: { file: s.firstFile, line: s.firstLine },
  };
}

/** What a session's events carry of its verdict when ship sends them (ftpsight.session.*). */
export interface SessionVerdict {
  readonly tls_mode: string;
  readonly data_protection: string;
  readonly credentials_exposed: string;
  readonly login: string;
  readonly anonymous: boolean;
  /** The session's account (core/account.ts): what distinct-user counts count. */
  readonly account?: string;
  /** Sent before the session closed (a long session): the verdict known so far. */
  readonly provisional?: true;
}

export function sessionVerdict(s: SessionState): SessionVerdict {
  return {
    tls_mode: tlsMode(s),
    data_protection: dataProtection(s),
    credentials_exposed: credentialsExposed(s),
    login: loginOutcome(s),
    anonymous: s.anonymous,
    account: accountKey(s.user),
  };
}
