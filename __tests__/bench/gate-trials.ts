import { runTransport } from '../../src/runner';
import { compareReports, type GateSettings, type Verdict } from '../../src/gate';
import { buildReport } from '../../src/report/build';
import { FIXTURE_ENV } from '../helpers/report-fixture';
import type { BenchResult, CompletedResult, PeerFaults, RunConfig, Transport } from '../../src/types';

/** Measures the gate itself: how often it cries wolf (A/A) and how often it catches a known slowdown (A/B). */

async function measure(transport: Transport, config: RunConfig, faults?: PeerFaults): Promise<CompletedResult> {
  const result = await runTransport(transport, config, { faults });
  if (result.status !== 'completed') throw new Error(`${transport.name}: ${result.status === 'errored' ? result.error.message : result.reason}`);
  return result;
}

function verdict(baseline: BenchResult, current: BenchResult, config: RunConfig, settings: GateSettings): { verdict: Verdict; ratio: number | null; p: number | null } {
  const report = (r: BenchResult) => buildReport(FIXTURE_ENV, config, [r.transport], [r]);
  const [c] = compareReports(report(baseline), report(current), settings).comparisons;
  return { verdict: c.verdict, ratio: c.ratio, p: c.pSlower };
}

export interface Calibration {
  spinMicros: number;
  /** Throughput ratio (faulted / clean medians) measured with the final spin. */
  achievedRatio: number;
}

/**
 * Finds the per-reply spin that cuts throughput by `slowdown` (0.2 = 20 % fewer round trips/s): the
 * round-trip time must grow by 1/(1 − slowdown) − 1, so spin that fraction of the clean round-trip
 * time. Then check it on `pairs` interleaved clean/faulted runs (median of their ratios; one run alone
 * is too noisy here) and correct once if it is off by more than 5 points, within a factor of two.
 * `pairs` = 0 (quick mode) keeps the first guess unchecked.
 */
export async function calibrate(transport: Transport, config: RunConfig, slowdown: number, pairs = 3): Promise<Calibration> {
  const extra = 1 / (1 - slowdown) - 1;
  const check = async (spinMicros: number): Promise<{ clean: number; ratio: number }> => {
    const clean: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < Math.max(1, pairs); i++) {
      const a = (await measure(transport, config)).roundTripsPerSec.median;
      const b = spinMicros === 0 ? a : (await measure(transport, config, { spinMicros })).roundTripsPerSec.median;
      clean.push(a);
      ratios.push(b / a);
    }
    return { clean: middle(clean), ratio: middle(ratios) };
  };
  const first = await check(0);
  let spinMicros = (extra * 1e6) / first.clean;
  if (pairs === 0) return { spinMicros, achievedRatio: Number.NaN }; // quick mode: first guess, unchecked
  let { ratio } = await check(spinMicros);
  if (Math.abs(ratio - (1 - slowdown)) > 0.05 && ratio < 1) {
    spinMicros *= Math.min(2, Math.max(0.5, extra / (1 / ratio - 1)));
    ratio = (await check(spinMicros)).ratio;
  }
  return { spinMicros, achievedRatio: ratio };
}

function middle(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export interface TrialCounts {
  trials: number;
  falseAlarms: number;
  detections: number;
  /** Verdicts of the A/A and A/B comparisons, counted. */
  aaVerdicts: Partial<Record<Verdict, number>>;
  abVerdicts: Partial<Record<Verdict, number>>;
  /** Ratios (current / baseline) seen in the A/B comparisons: the slowdown actually injected. */
  abRatios: number[];
  aaRatios: number[];
  /** Every trial, so other thresholds can be evaluated afterwards from the same data. */
  records: TrialRecord[];
}

export interface TrialRecord {
  aa: { ratio: number | null; p: number | null };
  ab: { ratio: number | null; p: number | null };
  /** Within-run coefficients of variation of the repeats of A, A′ and B. */
  cv: [number, number, number];
}

/**
 * `trials` times: a clean baseline A, a clean repeat A′ and a faulted B, run one after the other as CI
 * would run them; the gate judges A vs A′ (any regression is a false alarm) and A vs B (a regression
 * is a detection).
 */
export async function runTrials(transport: Transport, config: RunConfig, settings: GateSettings, spinMicros: number, trials: number): Promise<TrialCounts> {
  const counts: TrialCounts = { trials, falseAlarms: 0, detections: 0, aaVerdicts: {}, abVerdicts: {}, abRatios: [], aaRatios: [], records: [] };
  for (let i = 0; i < trials; i++) {
    const a = await measure(transport, config);
    const aPrime = await measure(transport, config);
    const b = await measure(transport, config, { spinMicros });
    const aa = verdict(a, aPrime, config, settings);
    const ab = verdict(a, b, config, settings);
    counts.aaVerdicts[aa.verdict] = (counts.aaVerdicts[aa.verdict] ?? 0) + 1;
    counts.abVerdicts[ab.verdict] = (counts.abVerdicts[ab.verdict] ?? 0) + 1;
    if (aa.verdict === 'regression') counts.falseAlarms++;
    if (ab.verdict === 'regression') counts.detections++;
    if (aa.ratio !== null) counts.aaRatios.push(aa.ratio);
    if (ab.ratio !== null) counts.abRatios.push(ab.ratio);
    const cv = (r: CompletedResult) => Number(r.roundTripsPerSec.cv.toFixed(4));
    counts.records.push({ aa: { ratio: aa.ratio, p: aa.p }, ab: { ratio: ab.ratio, p: ab.p }, cv: [cv(a), cv(aPrime), cv(b)] });
  }
  return counts;
}

/** Wilson score 95 % interval of a proportion: honest error bars on a rate from few trials. */
export function wilson95(successes: number, trials: number): [number, number] {
  if (trials === 0) return [0, 1];
  const z = 1.959964;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** False-alarm and detection rates the gate's rule would give at another threshold, from recorded trials. */
export function ratesAt(records: readonly TrialRecord[], threshold: number, alpha: number): { threshold: number; falseAlarmRate: number; detectionRate: number } {
  const flags = (c: { ratio: number | null; p: number | null }) => c.ratio !== null && c.p !== null && c.p < alpha && c.ratio < 1 - threshold;
  return {
    threshold,
    falseAlarmRate: records.filter((r) => flags(r.aa)).length / records.length,
    detectionRate: records.filter((r) => flags(r.ab)).length / records.length,
  };
}
