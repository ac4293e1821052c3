/**
 * A worker thread of `scan --threads` (threads.ts, or cli/scan-prestart.ts before the CLI loaded): it loads the
 * data path now, then waits for its range of the files (range.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { RangeInput } from './protocol';
import { runRange } from './range';

const port = parentPort;
if (port === null) throw new Error('worker.js runs as a thread of ftpsight scan (scan/threads.ts starts it)');
// A failure is the thread's error event in the main thread, which fails the scan with it.
port.once('message', (input: RangeInput) => void runRange(input, (m) => port.postMessage(m)));
