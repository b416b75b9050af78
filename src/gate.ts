import { welchLogRatio, type WelchRatio } from './measure/welch';
import { benchName, percent } from './report/labels';
import type { BenchResult, CompletedResult, Report } from './types';

/**
 * The regression gate: baseline vs current, per transport × payload. Statistical test: Welch's t-test
 * on the log of the per-repeat round trips/s (one-sided, "current is slower"); practical test: the
 * ratio of geometric means is below 1 − threshold. A regression needs both, so noise alone (significant
 * but tiny) or one unlucky run (large but not significant) never fails a build.
 */
export interface GateSettings {
  /** Smallest slowdown that matters, as a fraction: 0.1 = 10 %. */
  threshold: number;
  /** One-sided significance level of the t-test. */
  alpha: number;
}

/** The defaults of `ipcbench compare`: a 10 % threshold, α = 0.05. */
export const DEFAULT_GATE: GateSettings = { threshold: 0.1, alpha: 0.05 };

/** What the gate says of one transport × payload; `regression` and `errored` fail it. */
export type Verdict = 'regression' | 'improvement' | 'unchanged' | 'inconclusive' | 'errored' | 'skipped' | 'missing' | 'new';

/** Verdicts that fail the gate (exit 1). */
export const FAILING: readonly Verdict[] = ['regression', 'errored'];

/** One report's figure in a comparison: round trips/s over its repeats. */
export interface Side {
  median: number;
  mean: number;
  repeats: number;
}

/** The verdict on one transport × payload, with the figures and the test behind it. */
export interface Comparison {
  /** transport/payloadB, as in tracker exports. */
  name: string;
  transport: string;
  payloadBytes: number;
  verdict: Verdict;
  /** One line saying why. */
  reason: string;
  baseline: Side | null;
  current: Side | null;
  /** current / baseline, geometric means of the repeats. */
  ratio: number | null;
  /** Two-sided (1 − 2·alpha) CI of the ratio: its upper bound is below 1 exactly when the one-sided test is significant. */
  ci: [number, number] | null;
  /** One-sided p-value for "current is slower". */
  pSlower: number | null;
  df: number | null;
}

/** Every comparison of two reports; `passed` is false when any verdict is a regression or errored. */
export interface GateResult {
  settings: GateSettings;
  comparisons: Comparison[];
  passed: boolean;
}

/**
 * The regression gate of `ipcbench compare`: baseline vs current, per transport × payload (pure; no I/O).
 * A slowdown is a regression only when it is both significant and beyond `settings.threshold`.
 */
export function compareReports(baseline: Report, current: Report, settings: GateSettings = DEFAULT_GATE): GateResult {
  const before = new Map(baseline.results.map((r) => [benchName(r), r]));
  const after = new Map(current.results.map((r) => [benchName(r), r]));
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const comparisons = names.map((name) => compareOne(name, before.get(name), after.get(name), settings));
  return { settings, comparisons, passed: !comparisons.some((c) => FAILING.includes(c.verdict)) };
}

function side(result: BenchResult | undefined): Side | null {
  if (result?.status !== 'completed') return null;
  return { median: result.roundTripsPerSec.median, mean: result.roundTripsPerSec.mean, repeats: result.roundTripsPerSec.runs.length };
}

export function compareOne(name: string, b: BenchResult | undefined, c: BenchResult | undefined, settings: GateSettings): Comparison {
  const any = (c ?? b)!;
  const base = { name, transport: any.transport, payloadBytes: any.payloadBytes, baseline: side(b), current: side(c), ratio: null, ci: null, pSlower: null, df: null };
  const verdict = (v: Verdict, reason: string): Comparison => ({ ...base, verdict: v, reason });
  if (!c) return verdict('missing', 'not in the current report');
  if (c.status === 'errored') return verdict('errored', `current run errored: ${c.error.message}`);
  if (c.status === 'skipped') return verdict('skipped', `current run skipped: ${c.reason}`);
  if (b?.status !== 'completed') return verdict('new', b ? `no baseline figure (baseline ${b.status})` : 'not in the baseline');
  return { ...base, ...decide(b, c, settings) };
}

type Judged = Pick<Comparison, 'verdict' | 'reason' | 'ratio' | 'ci' | 'pSlower' | 'df'>;

function decide(b: CompletedResult, c: CompletedResult, settings: GateSettings): Judged {
  const before = b.roundTripsPerSec.runs;
  const after = c.roundTripsPerSec.runs;
  if (before.length < 2 || after.length < 2) {
    const ratio = c.roundTripsPerSec.median / b.roundTripsPerSec.median;
    return { verdict: 'inconclusive', reason: `needs at least 2 repeats on each side (have ${before.length} and ${after.length})`, ratio, ci: null, pSlower: null, df: null };
  }
  return judge(welchLogRatio(before, after, 2 * settings.alpha), settings);
}

/**
 * The rule both gates share (compare: Welch on two samples; ab: paired on log ratios): a regression
 * is significant (one-sided p < alpha) AND beyond the threshold; an improvement likewise the other way.
 */
export function judge(w: WelchRatio, { threshold, alpha }: GateSettings): Judged {
  const stats = { ratio: w.ratio, ci: w.ci, pSlower: Number.isNaN(w.pLower) ? null : w.pLower, df: w.df };
  const change = `${w.ratio < 1 ? 'slower' : 'faster'} by ${percent(Math.abs(1 - w.ratio))}`;
  const p = `p = ${w.pLower.toPrecision(2)}`;
  if (Number.isNaN(w.pLower)) return { ...stats, verdict: 'inconclusive', reason: 'no spread in either sample: the test is undefined' };
  const slower = w.pLower < alpha;
  const faster = w.pHigher < alpha;
  if (slower && w.ratio < 1 - threshold) return { ...stats, verdict: 'regression', reason: `${change}, significant (${p}) and beyond the ${percent(threshold, 0)} threshold` };
  if (faster && w.ratio > 1 + threshold) return { ...stats, verdict: 'improvement', reason: `${change}, significant and beyond the ${percent(threshold, 0)} threshold` };
  if (slower) return { ...stats, verdict: 'unchanged', reason: `${change}: significant (${p}) but within the ${percent(threshold, 0)} threshold` };
  if (w.ratio < 1 - threshold) return { ...stats, verdict: 'unchanged', reason: `${change}, but not significant (${p} ≥ ${alpha}): noise cannot be ruled out` };
  return { ...stats, verdict: 'unchanged', reason: `${change}, within noise (${p})` };
}
