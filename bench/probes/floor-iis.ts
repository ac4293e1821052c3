/**
 * Child: the floor of `scan --format json`'s own work on an IIS log (issue 19: "the figure a minimal Node
 * program reaches on the same work"): read and split into lines as probes/read-lines.ts does, then what no
 * sessionizer can skip (probes/session-floor.ts). Prints JSON.
 *   node floor-iis.js FILE...
 */
import { forEachLine } from './iis-columns';
import { SessionFloor } from './session-floor';

async function main(): Promise<void> {
  const floor = new SessionFloor();
  for (const path of process.argv.slice(2)) await forEachLine(path, (line) => floor.take(line));
  process.stdout.write(
    JSON.stringify({ lines: floor.lines, sessions: floor.sessionCount, jsonChars: floor.jsonChars }) + '\n',
  );
}

void main();
