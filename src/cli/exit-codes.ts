/**
 * Exit codes, written once: each command's `--help` prints its own from here, and the README's table is
 * checked against this list by a test (test/unit/cli/exit-codes.test.ts).
 */
import type { HelpSection } from './help';

export const EXIT = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  EXPOSURE: 3,
  MALFORMED: 4,
  /** --fail-on exposure, no exposure found, and the input could not be judged (ScanSummary.coverage.judgeable). */
  NOT_JUDGEABLE: 5,
  NOT_INDEXED: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
type CommandName = 'scan' | 'exposures' | 'ship' | 'setup' | 'sessions rebuild' | 'pipeline' | 'samples';

interface ExitCodeDoc {
  readonly code: ExitCode;
  readonly meaning: string;
  readonly commands: readonly CommandName[] | 'all';
}

/**
 * In the order they win when several apply: the first that applies is the exit code. README's "Exit
 * codes" table lists the same, checked by test/unit/cli/exit-codes.test.ts.
 */
export const EXIT_CODES: readonly ExitCodeDoc[] = [
  {
    code: EXIT.USAGE,
    meaning: 'bad usage: an unknown flag, a bad flag value, a missing argument; nothing was done',
    commands: 'all',
  },
  {
    code: EXIT.ERROR,
    meaning:
      'error, named in the message: an input that could not be read (the others were still read), an ' +
      'engine that could not be reached or refused a request, documents `sessions rebuild` could not write',
    commands: 'all',
  },
  {
    code: EXIT.NOT_INDEXED,
    meaning:
      'something was not indexed: lines or documents went to the dead letter, or files were skipped as not ' +
      'logs of their type (the summary says how many and where; `ship --replay-dead-letter FILE` sends ' +
      'documents again once the cause is fixed, and exits 6 too while some are refused again)',
    commands: ['ship'],
  },
  {
    code: EXIT.EXPOSURE,
    meaning: '`--fail-on exposure` and a session sent credentials in the clear',
    commands: ['scan'],
  },
  {
    code: EXIT.NOT_JUDGEABLE,
    meaning:
      "`--fail-on exposure` found no exposure, but the input could not be judged: no session's credentials " +
      'could be (all unknown, or no session at all), or fewer than half of the lines were readable',
    commands: ['scan'],
  },
  {
    code: EXIT.MALFORMED,
    meaning: '`--strict` and a line was malformed or a file was skipped as not a log',
    commands: ['scan'],
  },
  { code: EXIT.OK, meaning: 'done', commands: 'all' },
];

function applies(doc: ExitCodeDoc, command: CommandName): boolean {
  return doc.commands === 'all' || doc.commands.includes(command);
}

/** The exit codes a command can give, for its `--help`: lowest code first, and which wins. */
export function exitCodesSection(command: CommandName): HelpSection {
  const docs = EXIT_CODES.filter((d) => applies(d, command));
  const order = docs.map((d) => d.code).join(', ');
  return {
    title: `Exit codes (when several apply, the first of ${order}):`,
    items: [...docs].sort((a, b) => a.code - b.code).map((d) => [String(d.code), d.meaning] as const),
  };
}
