/** A worker thread of `scan --threads` (threads.ts starts it): one range of the folder's files (range.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { RangeInput } from './protocol';
import { runRange } from './range';

const port = parentPort;
if (port === null) throw new Error('worker.js runs as a thread of ftpsight scan (scan/threads.ts starts it)');
// A failure is the thread's error event in the main thread, which fails the scan with it.
void runRange(workerData as RangeInput, (m) => port.postMessage(m));
