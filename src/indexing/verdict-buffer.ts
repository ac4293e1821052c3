/**
 * A session's events wait here until the session closes, so that each is sent once, with the session's
 * final verdict (sent right away, they could only carry the verdict so far, and changing them later
 * would mean rewriting every event of every session). Bounded in bytes, since bytes are what a shipper
 * beside production work must keep low (issue 19): a session's events are sent early, with the verdict
 * so far and marked provisional, when they take `maxSessionBytes`, when its oldest waited `maxWaitMs`,
 * or, oldest first, when all sessions together take more than `maxBytes`.
 */
import { sessionVerdict, type SessionVerdict } from '../ecs/session-document';
import type { SessionState } from '../sessions/state';
import type { SessionEvent } from '../sessions/sessionizer';

export interface VerdictBufferOptions {
  readonly maxSessionBytes: number;
  readonly maxBytes: number;
  readonly maxWaitMs: number;
}

interface Held<T> {
  readonly events: T[];
  bytes: number;
  readonly since: number;
}

/** A session's held events as `holding` shows them: read, not changed, but through `add`. */
export interface Holding<T> {
  readonly events: readonly T[];
}

/**
 * What a held event object costs in memory (`sessions rebuild` holds them so), about: its objects
 * (record, effect, the event: about 500 bytes) and its line's text twice over (the line, and the fields
 * the parser cut from it). Measured on the bench corpus (lines of about 130 characters): 762 bytes of
 * heap per held event, this gives 772.
 */
export function heldBytes(ev: SessionEvent): number {
  return 512 + 2 * ev.record.original.length;
}

/** `T`: what is held per event (ship, its document's slot in HeldDocuments; `sessions rebuild`, what to update). */
export class VerdictBuffer<T> {
  /**
   * Sessions holding events, in the order they started waiting (oldest first), for `due` and `sessions`.
   * An event finds its session's entry on the session itself (SessionState.held): a session's events wait
   * in one buffer at a time, the one its sessionizer feeds.
   */
  private readonly held = new Map<SessionState, Held<T>>();
  private total = 0;
  private bytes = 0;

  constructor(private readonly options: VerdictBufferOptions) {}

  /** Holds an event of `bytes` (heldBytes); true when its session now holds as much as it may (send them). */
  hold(session: SessionState, event: T, bytes: number, now: number): boolean {
    return this.add(this.holding(session, now), event, bytes);
  }

  /**
   * The events a session holds, a new empty list if none: ship reads the last one (where its record goes)
   * before it holds the next (`add`). No map lookup: one an event, keyed by the session, was mostly memory
   * stalls in ship's batch loop (issue 19).
   */
  holding(session: SessionState, now: number): Holding<T> {
    let h = session.held as Held<T> | undefined;
    if (h === undefined) {
      h = { events: [], bytes: 0, since: now };
      this.held.set(session, h);
      session.held = h;
    }
    return h;
  }

  /** Holds an event of `bytes` in a session's list (`holding`); true when it now holds as much as it may. */
  add(h: Holding<T>, event: T, bytes: number): boolean {
    const held = h as Held<T>;
    held.events.push(event);
    held.bytes += bytes;
    this.total++;
    this.bytes += bytes;
    return held.bytes >= this.options.maxSessionBytes;
  }

  /** Takes a session's events (it closed, or they are sent early). */
  take(session: SessionState): T[] {
    const h = session.held as Held<T> | undefined;
    if (h === undefined) return [];
    session.held = undefined;
    this.held.delete(session);
    this.total -= h.events.length;
    this.bytes -= h.bytes;
    return h.events;
  }

  /** Sessions whose events waited too long, or the oldest ones while held events take too many bytes. */
  due(now: number): SessionState[] {
    const out: SessionState[] = [];
    let bytes = this.bytes;
    for (const [session, h] of this.held) {
      if (now - h.since < this.options.maxWaitMs && bytes <= this.options.maxBytes) break;
      out.push(session);
      bytes -= h.bytes;
    }
    return out;
  }

  /** Every session holding events, oldest first. */
  sessions(): SessionState[] {
    return [...this.held.keys()];
  }

  /** Events held. */
  get size(): number {
    return this.total;
  }

  /** What they take in memory, as heldBytes estimates it. */
  get heldBytes(): number {
    return this.bytes;
  }
}

/** The verdict held events go out with: the final one once their session closed, else the one so far. */
export function releasedVerdict(s: SessionState): SessionVerdict {
  return { ...sessionVerdict(s), ...(s.closedBy === undefined ? { provisional: true as const } : {}) };
}
