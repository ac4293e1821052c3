/**
 * Child: the floor `scan` is compared with (issue 19): a minimal Node program that reads the same files
 * and splits them into lines, each decoded to a string, and does nothing else. Prints JSON.
 *   node read-lines.js FILE...
 * Read in 64 KiB chunks (fs streams' default), line ends found with Buffer.indexOf.
 */
import { createReadStream } from 'node:fs';

async function linesOf(path: string): Promise<{ lines: number; chars: number }> {
  let lines = 0;
  let chars = 0;
  let pending: Buffer | undefined;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const buf = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      chars += buf.toString('utf8', start, nl).length;
      lines++;
      start = nl + 1;
    }
    pending = start < buf.length ? buf.subarray(start) : undefined;
  }
  if (pending !== undefined) {
    chars += pending.toString('utf8').length;
    lines++;
  }
  return { lines, chars };
}

async function main(): Promise<void> {
  let lines = 0;
  let chars = 0;
  for (const path of process.argv.slice(2)) {
    const counted = await linesOf(path);
    lines += counted.lines;
    chars += counted.chars;
  }
  process.stdout.write(JSON.stringify({ lines, chars }) + '\n');
}

void main();
