import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expandInputs, rotationOrder, STDIN } from '../../../src/sources/expand';
import { FtpsightError } from '../../../src/core/errors';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ftpsight-expand-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Creates the files (paths relative to root, in the order given) and returns their absolute paths. */
function touch(...names: string[]): string[] {
  return names.map((name) => {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'x\n');
    return path;
  });
}

async function expandRelative(inputs: string[]): Promise<string[]> {
  return (await expandInputs(inputs)).map((f) => relative(root, f.path));
}

async function notFound(input: string): Promise<FtpsightError> {
  const err = await expandInputs([input]).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FtpsightError);
  expect((err as FtpsightError).code).toBe('INPUT_NOT_FOUND');
  return err as FtpsightError;
}

describe('expandInputs: kinds of input', () => {
  it('takes a single file as an absolute path whose stream is its folder', async () => {
    const [file] = touch('logs/a.log');
    // A time of its own, so that the one reported is seen to be the file's.
    utimesSync(file, new Date('2024-05-14T23:59:58Z'), new Date('2024-05-14T23:59:58Z'));
    const out = await expandInputs([file]);
    expect(out).toEqual([
      {
        path: file,
        stream: join(root, 'logs'),
        declared: undefined,
        modifiedAt: Date.parse('2024-05-14T23:59:58Z'),
      },
    ]);
  });

  it.each([
    ['a file', (file: string) => file],
    ['a folder', (file: string) => join(file, '..')],
    ['a glob', (file: string) => join(file, '..', '*.log')],
  ])('gives each file its modification time, listed as %s', async (_, input) => {
    const [file] = touch('m/old.log');
    const when = new Date('2025-12-31T23:59:00Z');
    utimesSync(file, when, when);
    const [listed] = await expandInputs([input(file)]);
    expect(listed.modifiedAt).toBe(when.getTime());
  });

  it('resolves a relative file path against the working directory', async () => {
    const [file] = touch('a.log');
    const out = await expandInputs([relative(process.cwd(), file)]);
    expect(out.map((f) => f.path)).toEqual([file]);
  });

  it('walks directories recursively, skipping hidden files', async () => {
    touch('d/a.log', 'd/sub/b.log', 'd/sub/deeper/c.log', 'd/.hidden');
    expect(await expandRelative([join(root, 'd')])).toEqual(['d/a.log', 'd/sub/b.log', 'd/sub/deeper/c.log']);
  });

  it('expands globs', async () => {
    touch('g/u_ex1.log', 'g/u_ex2.log', 'g/other.txt');
    expect(await expandRelative([join(root, 'g/*.log')])).toEqual(['g/u_ex1.log', 'g/u_ex2.log']);
  });

  it('takes a named pipe as a file (process substitution)', async () => {
    if (process.platform === 'win32') return;
    const fifo = join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect((await expandInputs([fifo])).map((f) => f.path)).toEqual([fifo]);
  });

  it('maps "-" to stdin with stream "-", modified now', async () => {
    const before = Date.now();
    const [stdin] = await expandInputs([STDIN]);
    const { modifiedAt, ...rest } = stdin;
    expect(rest).toEqual({ path: '-', stream: '-', declared: undefined });
    expect(modifiedAt).toBeGreaterThanOrEqual(before);
    expect(stdin.modifiedAt).toBeLessThanOrEqual(Date.now());
  });

  it('passes the declarations to every file', async () => {
    const [a] = touch('a.log');
    const declared = { implicit: true, serverPort: 990 };
    const out = await expandInputs([a, STDIN], { declared });
    expect(out.map((f) => f.declared)).toEqual([declared, declared]);
  });
});

describe('expandInputs: errors', () => {
  it('rejects a missing path with a message naming it and a hint', async () => {
    const missing = join(root, 'nope.log');
    const err = await notFound(missing);
    expect(err.message).toContain(missing);
    expect(err.hint).toMatch(/path/i);
  });

  it('rejects a glob that matches nothing', async () => {
    const pattern = join(root, '*.log');
    const err = await notFound(pattern);
    expect(err.message).toContain(pattern);
  });

  it('rejects an empty directory', async () => {
    mkdirSync(join(root, 'empty'));
    await notFound(join(root, 'empty'));
  });
});

describe('expandInputs: de-duplication and input order', () => {
  it('lists a file once when several inputs name it', async () => {
    const [a] = touch('d/a.log', 'd/b.log');
    const out = await expandRelative([a, join(root, 'd'), join(root, 'd/*.log'), a]);
    expect(out).toEqual(['d/a.log', 'd/b.log']);
  });

  it('lists stdin once', async () => {
    expect(await expandInputs([STDIN, STDIN])).toHaveLength(1);
  });

  it('keeps the order of the inputs themselves', async () => {
    const [b, a] = touch('b.log', 'a.log');
    expect((await expandInputs([b, STDIN, a])).map((f) => f.path)).toEqual([b, '-', a]);
  });
});

describe('expandInputs: order within an input', () => {
  it('groups files by folder', async () => {
    touch('x/b/2.log', 'x/a/2.log', 'x/b/1.log', 'x/a/1.log', 'x/top.log');
    const out = await expandRelative([join(root, 'x')]);
    expect(out).toEqual(['x/top.log', 'x/a/1.log', 'x/a/2.log', 'x/b/1.log', 'x/b/2.log']);
  });

  it('sorts IIS daily files by date', async () => {
    touch('iis/u_ex240302.log', 'iis/u_ex240301.log', 'iis/u_ex240229.log');
    expect(await expandRelative([join(root, 'iis')])).toEqual([
      'iis/u_ex240229.log',
      'iis/u_ex240301.log',
      'iis/u_ex240302.log',
    ]);
  });

  it('puts numbered rotations oldest (highest number) first and the live file last', async () => {
    touch('v/vsftpd.log', 'v/vsftpd.log.1', 'v/vsftpd.log.2.gz', 'v/vsftpd.log.10.gz');
    expect(await expandRelative([join(root, 'v/vsftpd.log*')])).toEqual([
      'v/vsftpd.log.10.gz',
      'v/vsftpd.log.2.gz',
      'v/vsftpd.log.1',
      'v/vsftpd.log',
    ]);
  });

  it('puts date-suffixed rotations oldest first and the live file last', async () => {
    touch('p/xferlog', 'p/xferlog-20240302', 'p/xferlog-20240301', 'p/xferlog-20231231.gz');
    expect(await expandRelative([join(root, 'p')])).toEqual([
      'p/xferlog-20231231.gz',
      'p/xferlog-20240301',
      'p/xferlog-20240302',
      'p/xferlog',
    ]);
  });
});

describe('rotationOrder', () => {
  const sorted = (names: string[]): string[] => [...names].sort(rotationOrder);

  it('orders distinct bases by name', () => {
    expect(sorted(['b.log', 'a.log.1', 'a.log'])).toEqual(['a.log.1', 'a.log', 'b.log']);
  });

  it('does not take digits glued to a word for a rotation number', () => {
    // "ftp2" has no separator before its digits: it is a base name, not generation 2 of "ftp".
    expect(sorted(['ftp2', 'ftp'])).toEqual(['ftp', 'ftp2']);
  });

  it('is 0 only for equal names', () => {
    expect(rotationOrder('a.log.1', 'a.log.1')).toBe(0);
    expect(rotationOrder('a.log.1', 'a.log.1.gz')).not.toBe(0);
  });
});
