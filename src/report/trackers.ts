import { benchName, displayName } from './labels';
import type { CompletedResult, Report } from '../types';

/**
 * Exports for CI trackers, both from the same completed results (errored and skipped results have no
 * figure to track, so they are left out; the gate and JUnit report them instead).
 */

/** github-action-benchmark, tool "customBiggerIsBetter": one entry per figure. */
export interface GithubBenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

/** Bencher Metric Format: benchmark name → measure → value with optional bounds. */
export type BencherMetricFormat = Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>>;

/** The tracker formats `trackerExport` (and `ipcbench run --format`) writes. */
export const TRACKER_FORMATS = ['github-action-benchmark', 'bencher'] as const;
/** One of {@link TRACKER_FORMATS}. */
export type TrackerFormat = (typeof TRACKER_FORMATS)[number];

function completedResults(report: Report): CompletedResult[] {
  return report.results.filter((r): r is CompletedResult => r.status === 'completed');
}

const round = (value: number, decimals = 0): number => Number(value.toFixed(decimals));

/** Round trips/s (median, ± half the 95 % CI) and, when a payload was sent, MB/s. Both bigger-is-better. */
export function githubActionBenchmark(report: Report): GithubBenchmarkEntry[] {
  const { roundTrips, warmup } = report.config;
  return completedResults(report).flatMap((r) => {
    const rate = r.roundTripsPerSec;
    const entries: GithubBenchmarkEntry[] = [
      {
        name: `${displayName(r)} round trips/s`,
        unit: 'round trips/s',
        value: round(rate.median),
        ...(rate.ci95 ? { range: `± ${round((rate.ci95[1] - rate.ci95[0]) / 2)}` } : {}),
        extra: `median of ${rate.runs.length} repeats × ${roundTrips} round trips (${warmup} warm-up); 95% CI ${rate.ci95 ? `${round(rate.ci95[0])}–${round(rate.ci95[1])}` : `none (${rate.ci95Reason ?? 'too few repeats'})`}; p50 ${r.latencyMicros.p50} µs, p99 ${r.latencyMicros.p99} µs${r.noisy ? '; noisy' : ''}`,
      },
    ];
    if (r.mbPerSec !== null && r.payloadBytes > 0) {
      entries.push({ name: `${displayName(r)} MB/s`, unit: 'MB/s', value: round(r.mbPerSec, 3), extra: `payload ${r.payloadBytes} bytes` });
    }
    return entries;
  });
}

/**
 * Bencher's built-in "throughput" measure, keyed transport/payload: the median round trips/s, bounded by
 * the 95 % CI (log scale; none with too few repeats). The bounds are widened to contain the median (a skewed sample can put it
 * outside) and never go below 0 (a t interval from two repeats can): Bencher wants lower ≤ value ≤ upper.
 */
export function bencherMetricFormat(report: Report): BencherMetricFormat {
  const out: BencherMetricFormat = {};
  for (const r of completedResults(report)) {
    const { median, ci95 } = r.roundTripsPerSec;
    out[benchName(r)] = {
      throughput: ci95 ? { value: median, lower_value: Math.max(0, Math.min(ci95[0], median)), upper_value: Math.max(ci95[1], median) } : { value: median },
    };
  }
  return out;
}

/** The report as a benchmark tracker's input file (JSON text): github-action-benchmark or Bencher Metric Format. */
export function trackerExport(format: TrackerFormat, report: Report): string {
  const data = format === 'bencher' ? bencherMetricFormat(report) : githubActionBenchmark(report);
  return `${JSON.stringify(data, null, 2)}\n`;
}
