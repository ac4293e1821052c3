/**
 * Child: parse-only throughput of one format over its files (no sessions, no documents). Prints JSON.
 *   node parse.js LOG_TYPE LOG_FORMAT|- FILE...
 * The files are read and split first so that only parser.parse is timed.
 */
import { readFileSync } from 'node:fs';
import { formatByName } from '../../src/formats';

function main(): void {
  const [logType, logFormat, ...paths] = process.argv.slice(2);
  const format = formatByName(logType, { logFormat: logFormat === '-' ? undefined : logFormat });
  const files = paths.map((path) => {
    const lines = readFileSync(path, 'utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return { path, lines };
  });
  const counts = { record: 0, skip: 0, reject: 0 };
  let total = 0;
  const start = process.hrtime.bigint();
  for (const { path, lines } of files) {
    const parser = format.open({ path, stream: path, modifiedAt: Date.now() });
    let offset = 0;
    for (let i = 0; i < lines.length; i++) {
      counts[parser.parse(lines[i], i + 1, offset).kind]++;
      offset += lines[i].length + 1;
    }
    total += lines.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ lines: total, seconds, ...counts }) + '\n');
}

main();
