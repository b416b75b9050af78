import { cpuCell, displayName, formatBytes, formatNumber, payloadWords, percent, rateCells, transportLabel } from './labels';
import type { GateResult } from '../gate';
import type { BenchResult } from '../types';

/**
 * Table rows shared by the Markdown and HTML reports (the console table has other columns but the same rate cells, labels.rateCells):
 * one place decides what a result row says, each format only decides how to draw it.
 */
export const RESULT_HEADER = ['transport', 'payload', 'round trips/s (median)', '95% CI (log scale)', 'CV', 'p50 µs', 'p99 µs', 'p99.9 µs', 'CPU µs/rt parent / peer', 'MB/s'];

export function resultRows(results: readonly BenchResult[]): string[][] {
  return results.map((r) => {
    // A classic result reads "0 B" here (the column is payload size); a sweep's names its message shape too.
    const head = [transportLabel(r), r.framing === 'binary' ? payloadWords(r) : formatBytes(r.payloadBytes)];
    if (r.status === 'skipped') return [...head, 'skipped', r.reason, '', '', '', '', '', ''];
    if (r.status === 'errored') return [...head, 'ERROR', r.error.message, '', '', '', '', '', ''];
    return [
      ...head,
      ...rateCells(r),
      formatNumber(r.latencyMicros.p50, 1),
      formatNumber(r.latencyMicros.p99, 1),
      formatNumber(r.latencyMicros.p999, 1),
      cpuCell(r),
      r.mbPerSec === null ? '–' : formatNumber(r.mbPerSec, 2),
    ];
  });
}

export function gateHeader(gate: GateResult): string[] {
  return ['benchmark', 'baseline rt/s', 'current rt/s', 'ratio', `${percent(1 - 2 * gate.settings.alpha, 0)} CI of ratio`, 'p (slower)', 'verdict', 'why'];
}

/** One row per transport × payload: medians, ratio of geometric means with its CI, p-value, verdict. */
export function gateRows(gate: GateResult): string[][] {
  return gate.comparisons.map((c) => [
    displayName(c),
    c.baseline ? formatNumber(c.baseline.median) : '–',
    c.current ? formatNumber(c.current.median) : '–',
    c.ratio === null ? '–' : c.ratio.toFixed(3),
    c.ci ? `${c.ci[0].toFixed(3)}–${c.ci[1].toFixed(3)}` : '–',
    c.pSlower === null ? '–' : c.pSlower.toPrecision(2),
    c.verdict === 'regression' || c.verdict === 'errored' ? c.verdict.toUpperCase() : c.verdict,
    c.reason,
  ]);
}
