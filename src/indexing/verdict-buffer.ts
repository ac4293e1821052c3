/**
 * A session's events wait here until the session closes, so that each is sent once, with the session's
 * final verdict (sent right away, they could only carry the verdict so far, and changing them later
 * would mean rewriting every event of every session). Bounded: a session's events are sent early, with
 * the verdict so far and marked provisional, when it holds `maxPerSession` of them, when its oldest
 * waited `maxWaitMs`, or, oldest first, when all sessions together hold more than `maxTotal`.
 */
import type { LogType } from '../core/types';
import { sessionVerdict, type SessionVerdict } from '../ecs/session-document';
import type { SessionState } from '../sessions/state';
import type { SessionEvent } from '../sessions/sessionizer';

export interface HeldEvent {
  readonly event: SessionEvent;
  /** The pipeline batch it came from, acknowledged once the event is. */
  readonly seq: number;
  readonly logType: LogType;
}

export interface VerdictBufferOptions {
  readonly maxPerSession: number;
  readonly maxTotal: number;
  readonly maxWaitMs: number;
}

interface Held<T> {
  readonly events: T[];
  readonly since: number;
}

/** `T`: what is held per event (ship holds the event itself; `sessions rebuild`, what to update). */
export class VerdictBuffer<T = HeldEvent> {
  /** In the order sessions started waiting: oldest first. */
  private readonly held = new Map<SessionState, Held<T>>();
  private total = 0;

  constructor(private readonly options: VerdictBufferOptions) {}

  /** Holds an event; true when its session now holds as many as it may (send them). */
  hold(session: SessionState, event: T, now: number): boolean {
    let h = this.held.get(session);
    if (h === undefined) {
      h = { events: [], since: now };
      this.held.set(session, h);
    }
    h.events.push(event);
    this.total++;
    return h.events.length >= this.options.maxPerSession;
  }

  /** Takes a session's events (it closed, or they are sent early). */
  take(session: SessionState): T[] {
    const h = this.held.get(session);
    if (h === undefined) return [];
    this.held.delete(session);
    this.total -= h.events.length;
    return h.events;
  }

  /** Sessions whose events waited too long, or the oldest ones while too many events are held. */
  due(now: number): SessionState[] {
    const out: SessionState[] = [];
    let total = this.total;
    for (const [session, h] of this.held) {
      if (now - h.since < this.options.maxWaitMs && total <= this.options.maxTotal) break;
      out.push(session);
      total -= h.events.length;
    }
    return out;
  }

  get size(): number {
    return this.total;
  }
}

/** The verdict held events go out with: the final one once their session closed, else the one so far. */
export function releasedVerdict(s: SessionState): SessionVerdict {
  return { ...sessionVerdict(s), ...(s.closedBy === undefined ? { provisional: true as const } : {}) };
}
