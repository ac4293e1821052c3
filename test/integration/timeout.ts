// Integration tests talk to a real engine on a 2-core machine: give them minutes, not Jest's 5 s.
// (A `testTimeout` in a project's config is ignored: Jest reads it from the top-level config only.)
jest.setTimeout(180_000);
