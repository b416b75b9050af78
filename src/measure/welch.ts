import { mean, standardDeviation } from './stats';
import { tCdf, tQuantile } from './student-t';

export interface WelchRatio {
  /** Ratio of geometric means, current / baseline: 0.8 means 20 % fewer round trips/s. */
  ratio: number;
  /** Two-sided (1 − alpha) confidence interval of that ratio. */
  ci: [number, number];
  /** One-sided p-value for "current is lower than baseline". */
  pLower: number;
  /** One-sided p-value for "current is higher than baseline". */
  pHigher: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
}

/**
 * Welch's t-test on the logarithms of per-repeat throughputs. Logs because a slowdown is a factor
 * (the spread of a run scales with its speed), so the difference of log means is the log of a ratio
 * and its CI maps back to a CI of the ratio. Needs at least two samples a side; zero spread on both
 * sides yields df = NaN and p = NaN (no test possible), never a false certainty.
 */
export function welchLogRatio(baseline: readonly number[], current: readonly number[], alpha: number): WelchRatio {
  if (baseline.length < 2 || current.length < 2) throw new RangeError('Welch test needs at least two samples on each side');
  if ([...baseline, ...current].some((v) => !(v > 0))) throw new RangeError('Welch log-ratio test needs positive samples');
  const a = baseline.map(Math.log);
  const b = current.map(Math.log);
  const va = standardDeviation(a) ** 2 / a.length;
  const vb = standardDeviation(b) ** 2 / b.length;
  const diff = mean(b) - mean(a);
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = diff / se;
  const half = tQuantile(1 - alpha / 2, df) * se;
  return {
    ratio: Math.exp(diff),
    ci: [Math.exp(diff - half), Math.exp(diff + half)],
    pLower: tCdf(t, df),
    pHigher: 1 - tCdf(t, df),
    df,
  };
}
