import { CPU_NOTE, cpuCell, formatNumber, payloadWords, rateCells, transportLabel } from './labels';
import type { BenchResult, Environment } from '../types';
import { runtimeWords } from './labels';

export { formatNumber } from './labels';

/** Aligns rows of cells into columns (first column left, the rest right). */
export function renderTable(rows: readonly string[][]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows
    .map((row) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '))
    .join('\n');
}

/**
 * The result table: medians with CI, latency percentiles, CPU, and the lab's figure labelled apart.
 * Results of the payload sweep (binary wire) add a payload column and MB/s beside round trips/s.
 */
export function resultTable(results: readonly BenchResult[]): string {
  const sweep = results.some((r) => r.framing === 'binary');
  const header = ['transport', 'round trips/s (median)', '95% CI', 'CV', 'p50 µs', 'p99 µs', 'CPU µs/rt parent / peer', 'lab figure*'];
  // Reasons and errors go under the table: one long cell would widen a column for every row.
  const notes: string[] = [];
  const noted = (r: BenchResult, what: string, text: string): string[] => {
    notes.push(`${what} ${r.transport}${r.framing === 'binary' ? ` ${payloadWords(r)}` : ''}: ${text}`);
    return [transportLabel(r), `${what} (${notes.length} below)`, '', '', '', '', '', ''];
  };
  const rows = results.map((r) => {
    if (r.status === 'skipped') return noted(r, 'skipped', r.reason);
    if (r.status === 'errored') return noted(r, 'ERROR', r.error.message);
    return [
      transportLabel(r),
      ...rateCells(r),
      formatNumber(r.latencyMicros.p50, 1),
      formatNumber(r.latencyMicros.p99, 1),
      cpuCell(r),
      formatNumber(r.labFigure),
    ];
  });
  if (sweep) {
    header.splice(1, 0, 'payload');
    header.splice(3, 0, 'MB/s');
    rows.forEach((row, i) => {
      const r = results[i];
      row.splice(1, 0, payloadWords(r));
      row.splice(3, 0, r.status === 'completed' && r.mbPerSec !== null ? formatNumber(r.mbPerSec, 1) : r.status === 'completed' ? '–' : '');
    });
  }
  return [
    renderTable([header, ...rows]),
    ...notes.map((note, i) => `(${i + 1}) ${note}`),
    ...(sweep ? ['MB/s = payload bytes carried one way per second / 10^6 (replies carry only the counter).'] : []),
    CPU_NOTE,
    '* lab figure = last value / 2 / parent CPU seconds, as the classic lab computed it; CPU time, not wall clock.',
    '  The round trips/s columns are the true figures (wall clock, warm-up discarded, handshake timed apart).',
  ].join('\n');
}

/** The context line printed above every result. */
export function environmentLine(env: Environment): string {
  return `${env.os}, kernel ${env.kernel}, ${env.cpuModel}, ${env.cores} cores, ${runtimeWords(env)}, timer cost ${env.timerCostNanos} ns`;
}
