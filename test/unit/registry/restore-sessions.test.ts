/**
 * A registry whose open sessions this build cannot read (written by a newer ftpsight, whose snapshot has a
 * version this one does not know) stops ship with REGISTRY_INVALID, naming the registry and what to do,
 * not with an "unexpected error"; a snapshot it can read is restored as before.
 */
import { FtpsightError } from '../../../src/core/errors';
import { restoreSessions } from '../../../src/registry/registry';
import { Sessionizer } from '../../../src/sessions/sessionizer';
import type { SavedSnapshot } from '../../../src/sessions/snapshot';
import { DEFAULT_SESSIONIZER_OPTIONS } from '../../../src/config/normalize';

const PATH = '/var/lib/ftpsight/registry.json';

describe('restoreSessions', () => {
  it('says which registry holds sessions of an unknown version, and to move it aside', () => {
    const sessionizer = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    const future = { ...sessionizer.snapshot(), version: 99 } as unknown as SavedSnapshot;
    let error: unknown;
    try {
      restoreSessions(PATH, future, sessionizer);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FtpsightError);
    const e = error as FtpsightError;
    expect(e.code).toBe('REGISTRY_INVALID');
    expect(e.message).toContain(PATH);
    expect(e.message).toContain('version 99');
    expect(e.hint).toMatch(/Move it aside/);
  });

  it('restores a snapshot this build wrote', () => {
    const source = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    const into = new Sessionizer(DEFAULT_SESSIONIZER_OPTIONS);
    restoreSessions(PATH, source.snapshot() as SavedSnapshot, into);
    expect(JSON.stringify(into.snapshot())).toBe(JSON.stringify(source.snapshot()));
  });
});
