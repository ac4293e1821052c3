/**
 * Imported by main.ts before the commands' modules load (as ship-heap.ts is): `scan --threads N`'s
 * workers start loading the data path while this thread loads the CLI (core/early-workers.ts). Only
 * `--threads` on the command line starts them, argv alone being known this early; `threads:` in a config
 * file starts them later (scan/threads.ts). Nothing of scan is loaded here: --help stays light.
 */
import { startEarly } from '../core/early-workers';

/** The threads `--threads N` / `--threads=N` asks for in `argv` (scan's only), 1 when none or not a number. */
export function threadsAsked(argv: readonly string[]): number {
  if (argv[2] !== 'scan') return 1;
  for (let i = 3; i < argv.length; i++) {
    const a = argv[i];
    const value = a === '--threads' ? argv[i + 1] : a.startsWith('--threads=') ? a.slice(10) : undefined;
    if (value !== undefined) return /^[1-9]\d?$/.test(value) ? Number(value) : 1;
  }
  return 1;
}

const threads = threadsAsked(process.argv);
if (threads > 1) startEarly(threads - 1);
