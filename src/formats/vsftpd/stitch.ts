/**
 * One session id for the processes of one vsftpd control connection. vsftpd logs a connection
 * under three process ids and no port:
 *   pre-login  A  CONNECT ... USER, PASS (and, with TLS, every later data-connection handshake)
 *   parent     P  OK LOGIN / FAIL LOGIN (in practice A - 1, but that is PID allocation)
 *   post-login B  "230 Login successful." and everything after it (an unrelated number)
 * The rule, applied to the lines in order:
 *   1. CONNECT from A opens a session (id "A"); A's lines are that session's.
 *   2. OK/FAIL LOGIN from P for client X goes to the session of client X waiting for a login:
 *      P's own if P just sent PASS (one_process_model), else the one whose A is P + 1, else the
 *      oldest that sent PASS, else the newest that connected.
 *      After FAIL LOGIN, A goes on (530, USER again or QUIT). After OK LOGIN the session waits for
 *      its post-login process.
 *   3. A process id not seen before (or, PID reuse, a seen one whose line is the 230 of a new
 *      post-login process) whose line is for client X and user U continues the oldest session of
 *      client X whose OK LOGIN was for U. Otherwise it starts a session of its own (the log began
 *      after its CONNECT).
 * Limits: two logins from one address for the same user whose OK LOGIN and 230 lines cross (the
 * first 230 is taken to follow the first OK LOGIN); a log that starts mid-session gives two partial
 * sessions (before and after login).
 */
import type { VsftpdLine } from './line';

type Phase = 'connected' | 'password' | 'handoff' | 'logged_in' | 'ended';

interface VsftpdSession {
  readonly id: string;
  readonly clientIp: string;
  /** The process that logs before login (the CONNECT line's). */
  readonly preLoginPid: number;
  /** Every process id mapped to this session. */
  readonly pids: number[];
  phase: Phase;
  /** The account of the OK LOGIN line ("ftp" for anonymous): the post-login process logs it. */
  loginUser: string | undefined;
  /** Log time of the last phase change. */
  since: number;
}

/**
 * Whether a 230 from a known process is its own session's. With privilege separation the 230
 * always comes from a new process; only one_process_model answers from the pre-login process,
 * after its own OK LOGIN. Any other known process writing a 230 is a reused pid.
 */
function ownLoginReply(s: VsftpdSession, pid: number): boolean {
  return s.preLoginPid === pid && (s.phase === 'logged_in' || s.phase === 'password');
}

/** How long a session waits for its post-login process, and how long an ended one keeps its pids. */
const LINGER_MS = 60_000;
/** Bounds on remembered process ids and sessions waiting for a login, per file. */
const MAX_PIDS = 100_000;
const MAX_WAITING_PER_CLIENT = 64;

export class PidStitcher {
  private readonly byPid = new Map<number, VsftpdSession>();
  /** Sessions before login (connected or password sent), by client address. */
  private readonly waiting = new Map<string, VsftpdSession[]>();
  /** Sessions whose OK LOGIN was logged and whose post-login process has not shown up yet. */
  private handoffs: VsftpdSession[] = [];
  /** Ended sessions, oldest first: their pids are forgotten after LINGER_MS. */
  private ended: VsftpdSession[] = [];

  /** The session id of a line; `login` marks OK LOGIN / FAIL LOGIN lines. */
  sessionOf(l: VsftpdLine, login: 'ok' | 'fail' | undefined, isLoginReply: boolean): string {
    this.expire(l.timestamp);
    if (l.event === 'CONNECT') return this.start(l, 'connected').id;
    if (login !== undefined) return this.login(l, login).id;
    const known = this.byPid.get(l.pid);
    if (known === undefined || (isLoginReply && !ownLoginReply(known, l.pid))) {
      const claimed = this.claimHandoff(l);
      if (claimed !== undefined) return claimed.id;
    }
    return (known ?? this.start(l, l.user === undefined ? 'connected' : 'logged_in')).id;
  }

  /** The client sent PASS: the session now waits for OK LOGIN or FAIL LOGIN. */
  passwordSent(l: VsftpdLine): void {
    const s = this.byPid.get(l.pid);
    if (s !== undefined && s.phase === 'connected') this.setPhase(s, 'password', l.timestamp);
  }

  /** A reply after which vsftpd closes the connection (221, a refusal) ends the line's session. */
  endOf(l: VsftpdLine): void {
    const s = this.byPid.get(l.pid);
    if (s === undefined || s.phase === 'ended') return;
    this.unwait(s);
    this.handoffs = this.handoffs.filter((h) => h !== s);
    this.setPhase(s, 'ended', l.timestamp);
    this.ended.push(s);
  }

  private start(l: VsftpdLine, phase: Phase): VsftpdSession {
    const s: VsftpdSession = {
      id: String(l.pid),
      clientIp: l.clientIp,
      preLoginPid: l.pid,
      pids: [],
      phase,
      loginUser: phase === 'logged_in' ? l.user : undefined,
      since: l.timestamp,
    };
    // A pid that starts a session again belonged to a connection that is gone (dropped: vsftpd logs nothing).
    const gone = this.byPid.get(l.pid);
    if (gone !== undefined) this.unwait(gone);
    this.remember(l.pid, s);
    if (phase === 'connected') {
      const list = this.waiting.get(l.clientIp) ?? [];
      if (list.length >= MAX_WAITING_PER_CLIENT) list.shift();
      list.push(s);
      this.waiting.set(l.clientIp, list);
    }
    return s;
  }

  private login(l: VsftpdLine, outcome: 'ok' | 'fail'): VsftpdSession {
    const s = this.loginCandidate(l);
    if (s === undefined) {
      // The log began after this session's CONNECT: a session of its own, not tied to the parent's pid.
      const orphan: VsftpdSession = {
        id: String(l.pid),
        clientIp: l.clientIp,
        preLoginPid: -1,
        pids: [],
        phase: 'connected',
        loginUser: undefined,
        since: l.timestamp,
      };
      if (outcome === 'ok') this.awaitPostLogin(orphan, l);
      return orphan;
    }
    if (outcome === 'fail') this.setPhase(s, 'connected', l.timestamp);
    else if (s.preLoginPid === l.pid) {
      // One process (one_process_model): no hand-over to wait for.
      this.unwait(s);
      this.setPhase(s, 'logged_in', l.timestamp);
    } else {
      this.unwait(s);
      this.awaitPostLogin(s, l);
    }
    return s;
  }

  private loginCandidate(l: VsftpdLine): VsftpdSession | undefined {
    // one_process_model: the process that sent PASS logs its own OK LOGIN.
    const own = this.byPid.get(l.pid);
    if (own !== undefined && own.phase === 'password') return own;
    const list = this.waiting.get(l.clientIp);
    if (list === undefined || list.length === 0) return undefined;
    return (
      list.find((s) => s.preLoginPid === l.pid + 1) ??
      list.find((s) => s.phase === 'password') ??
      list[list.length - 1]
    );
  }

  private awaitPostLogin(s: VsftpdSession, l: VsftpdLine): void {
    s.loginUser = l.user;
    this.setPhase(s, 'handoff', l.timestamp);
    this.handoffs.push(s);
  }

  private claimHandoff(l: VsftpdLine): VsftpdSession | undefined {
    if (l.user === undefined) return undefined;
    const at = this.handoffs.findIndex((h) => h.clientIp === l.clientIp && h.loginUser === l.user);
    if (at < 0) return undefined;
    const s = this.handoffs[at];
    this.handoffs.splice(at, 1);
    this.setPhase(s, 'logged_in', l.timestamp);
    this.remember(l.pid, s);
    return s;
  }

  private unwait(s: VsftpdSession): void {
    const list = this.waiting.get(s.clientIp);
    if (list === undefined) return;
    const at = list.indexOf(s);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.waiting.delete(s.clientIp);
  }

  private setPhase(s: VsftpdSession, phase: Phase, at: number): void {
    s.phase = phase;
    s.since = at;
  }

  private remember(pid: number, s: VsftpdSession): void {
    this.byPid.delete(pid); // re-inserted last, so the cap drops the oldest
    this.byPid.set(pid, s);
    s.pids.push(pid);
    if (this.byPid.size > MAX_PIDS) this.byPid.delete(this.byPid.keys().next().value as number);
  }

  /** Forgets hand-overs that never came and the pids of sessions that ended a while ago. */
  private expire(now: number): void {
    const cutoff = now - LINGER_MS;
    if (this.handoffs.length > 0 && this.handoffs[0].since < cutoff) {
      this.handoffs = this.handoffs.filter((h) => h.since >= cutoff);
    }
    let drop = 0;
    for (; drop < this.ended.length && this.ended[drop].since < cutoff; drop++) {
      const s = this.ended[drop];
      for (const pid of s.pids) if (this.byPid.get(pid) === s) this.byPid.delete(pid);
    }
    if (drop > 0) this.ended = this.ended.slice(drop);
  }
}
