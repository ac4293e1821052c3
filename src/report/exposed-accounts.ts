/**
 * The exposed-credentials list: per account, the sessions in which its password crossed the wire in the
 * clear, where and when, and whether a login with it succeeded (a working password was exposed: rotate it now)
 * or only failed (a mistyped or old password crossed: review). Anonymous and guest logins are counted apart.
 * Sessions come from log files (scan's data path) or from the sessions index; both give the same list.
 * Memory grows with the number of accounts, servers and clients, never with the number of sessions.
 */
import { accountKey } from '../core/account';
import { serverLabel } from './summary';

/** What the list reads of a session, from `scan`'s session JSON or from a session summary document. */
export interface ExposureSession {
  readonly user: string | null;
  readonly start: string;
  readonly server: { readonly ip?: string; readonly port?: number; readonly site?: string };
  readonly client: { readonly ip?: string };
  readonly credentials_exposed: string;
  readonly login: string;
  readonly anonymous: boolean;
}

export type Urgency = 'rotate' | 'review';

export interface Exposure {
  /** The account name: without its Windows domain or IIS host prefix, in lower case. */
  readonly account: string;
  /** `rotate`: a login with a password sent in the clear succeeded; `review`: such logins only failed. */
  readonly urgency: Urgency;
  readonly sessions: number;
  readonly successful_logins: number;
  readonly failed_logins: number;
  readonly first: string;
  readonly last: string;
  readonly servers: readonly string[];
  readonly clients: readonly string[];
}

export interface ExposureReport {
  readonly accounts: readonly Exposure[];
  /** Anonymous or guest sessions that sent their (e-mail) password in the clear: no account to rotate. */
  readonly anonymous_sessions: number;
  /** Sessions whose log does not show the account (no user name): exposed, but to no known account. */
  readonly sessions_without_user: number;
}

interface Entry {
  sessions: number;
  successes: number;
  failures: number;
  first: string;
  last: string;
  servers: Set<string>;
  clients: Set<string>;
}

export class ExposureBuilder {
  private readonly accounts = new Map<string, Entry>();
  private anonymous = 0;
  private withoutUser = 0;

  add(s: ExposureSession): void {
    if (s.credentials_exposed !== 'username_and_password') return;
    if (s.anonymous) {
      this.anonymous++;
      return;
    }
    if (s.user === null) {
      this.withoutUser++;
      return;
    }
    // The account as users_exposed counts it (core/account.ts).
    const account = accountKey(s.user);
    let e = this.accounts.get(account);
    if (e === undefined) {
      e = {
        sessions: 0,
        successes: 0,
        failures: 0,
        first: s.start,
        last: s.start,
        servers: new Set(),
        clients: new Set(),
      };
      this.accounts.set(account, e);
    }
    e.sessions++;
    if (s.login === 'success') e.successes++;
    else e.failures++;
    if (s.start < e.first) e.first = s.start;
    if (s.start > e.last) e.last = s.start;
    e.servers.add(serverLabel(s));
    if (s.client.ip !== undefined) e.clients.add(s.client.ip);
  }

  /** Most urgent first: working passwords, then the latest exposure, then the most sessions, then by name. */
  finish(): ExposureReport {
    const accounts = [...this.accounts].map(([account, e]): Exposure => ({
      account,
      urgency: e.successes > 0 ? 'rotate' : 'review',
      sessions: e.sessions,
      successful_logins: e.successes,
      failed_logins: e.failures,
      first: e.first,
      last: e.last,
      servers: [...e.servers].sort(),
      clients: [...e.clients].sort(),
    }));
    accounts.sort(
      (a, b) =>
        Number(b.urgency === 'rotate') - Number(a.urgency === 'rotate') ||
        (a.last < b.last ? 1 : a.last > b.last ? -1 : 0) ||
        b.sessions - a.sessions ||
        (a.account < b.account ? -1 : 1),
    );
    return { accounts, anonymous_sessions: this.anonymous, sessions_without_user: this.withoutUser };
  }
}
