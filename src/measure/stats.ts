import type { Summary } from '../types';

/** Two-sided 95 % Student t quantiles for 1..30 degrees of freedom; beyond that the normal 1.96. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12,
  2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile95(degreesOfFreedom: number): number {
  if (degreesOfFreedom < 1) return Number.NaN;
  return T95[degreesOfFreedom - 1] ?? 1.96;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/** Linear-interpolated quantile of raw values (q in [0, 1]). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Indices of values outside Tukey's fences (1.5 × IQR beyond the quartiles). */
export function tukeyOutliers(values: readonly number[]): number[] {
  if (values.length < 4) return [];
  const q1 = quantile(values, 0.25);
  const q3 = quantile(values, 0.75);
  const fence = 1.5 * (q3 - q1);
  return values.flatMap((v, i) => (v < q1 - fence || v > q3 + fence ? [i] : []));
}

/**
 * 95 % interval of a positive figure (a rate, a time) from its repeats, on the log scale: Student t on
 * ln(x), mapped back with exp — the interval of the geometric mean. A rate's spread scales with the
 * rate, and a linear interval from few repeats runs below zero (two repeats gave -31,217–74,531 round
 * trips/s); this one never does. Below MIN_REPEATS_FOR_INTERVAL: no interval, and the reason.
 */
export function logInterval95(runs: readonly number[]): { ci95: [number, number] } | { ci95: null; ci95Reason: string } {
  if (runs.length < MIN_REPEATS_FOR_INTERVAL) return { ci95: null, ci95Reason: `too few repeats: ${runs.length}, an interval needs at least ${MIN_REPEATS_FOR_INTERVAL}` };
  if (runs.some((v) => !(v > 0))) return { ci95: null, ci95Reason: 'not every repeat is positive: no log-scale interval' };
  const logs = runs.map(Math.log);
  const centre = mean(logs);
  const half = (tQuantile95(runs.length - 1) * standardDeviation(logs)) / Math.sqrt(runs.length);
  return { ci95: [Math.exp(centre - half), Math.exp(centre + half)] };
}

/** Median, mean, sd, the log-scale 95 % interval (or why there is none), CV, and flagged outliers of repeat figures. */
export function summarize(runs: readonly number[]): Summary {
  if (runs.length === 0) throw new Error('summarize: no values');
  const m = mean(runs);
  const sd = standardDeviation(runs);
  return {
    median: median(runs),
    mean: m,
    sd,
    ...logInterval95(runs),
    cv: m === 0 ? 0 : sd / m,
    runs: [...runs],
    outliers: tukeyOutliers(runs),
  };
}

/**
 * Fewer repeats than this give no interval at all ("too few repeats"): with two, the t quantile is 12.7
 * and the interval says nothing but "unknown".
 */
export const MIN_REPEATS_FOR_INTERVAL = 3;

/** Above this coefficient of variation a figure is reported as noisy. */
export const NOISY_CV = 0.1;
