/** The table on the terminal and the JSON under bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS } from './paths';
import type { Measurement } from './scenarios/types';

export interface BenchResult {
  readonly startedAt: string;
  readonly options: Record<string, unknown>;
  readonly machine: { cpus: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  readonly corpus: Record<string, number>;
  readonly measurements: Measurement[];
}

export function printTable(result: BenchResult): string {
  const rows: string[][] = [['measurement', 'metric', 'value']];
  for (const m of result.measurements) {
    for (const [metric, value] of Object.entries(m.metrics)) rows.push([m.name, metric, format(value)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    r.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  for (const m of result.measurements) for (const note of m.notes ?? []) lines.push(`${m.name}: ${note}`);
  return lines.join('\n') + '\n';
}

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

export function writeResult(result: BenchResult, out?: string): string {
  const path = out ?? join(RESULTS, `${result.startedAt.replace(/[:.]/g, '-')}.json`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path, JSON.stringify(result, null, 2) + '\n');
  return path;
}
