import { mean, standardDeviation } from './stats';
import { tCdf, tQuantile } from './student-t';
import type { WelchRatio } from './welch';

export interface PairedRatio extends WelchRatio {
  /** ln(b/a) of every pair, in the order measured. */
  logRatios: number[];
}

/**
 * Paired t-test on log ratios: pair i is one repeat of A and one of B measured back to back, so
 * whatever the machine did at that moment hits both and cancels in ln(b_i / a_i). The estimate is the
 * geometric mean of the ratios, exp(mean of logs), with a two-sided (1 − alpha) t interval on the log
 * scale mapped back (so it is never negative). Needs at least two pairs; identical log ratios give
 * df = n − 1 but zero spread, reported as p = NaN (no test possible), never a false certainty.
 */
export function pairedLogRatio(a: readonly number[], b: readonly number[], alpha: number): PairedRatio {
  if (a.length !== b.length) throw new RangeError(`paired test needs as many A as B samples (have ${a.length} and ${b.length})`);
  if (a.length < 2) throw new RangeError('paired test needs at least two pairs');
  if ([...a, ...b].some((v) => !(v > 0))) throw new RangeError('paired log-ratio test needs positive samples');
  const logRatios = a.map((x, i) => Math.log(b[i] / x));
  const n = logRatios.length;
  const df = n - 1;
  const d = mean(logRatios);
  const se = standardDeviation(logRatios) / Math.sqrt(n);
  const t = se === 0 ? Number.NaN : d / se;
  const half = tQuantile(1 - alpha / 2, df) * se;
  return {
    ratio: Math.exp(d),
    ci: [Math.exp(d - half), Math.exp(d + half)],
    pLower: Number.isNaN(t) ? Number.NaN : tCdf(t, df),
    pHigher: Number.isNaN(t) ? Number.NaN : 1 - tCdf(t, df),
    df,
    logRatios,
  };
}
