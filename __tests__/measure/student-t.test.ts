import { logGamma, incompleteBeta, tCdf, tQuantile } from '../../src/measure/student-t';

describe('Student t distribution', () => {
  it('logGamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10.3)).toBeCloseTo(13.482036786138359, 9); // scipy.special.gammaln(10.3)
  });

  it('incompleteBeta matches closed forms', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12); // uniform
    expect(incompleteBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12); // x^2
    expect(incompleteBeta(0.3, 1, 3)).toBeCloseTo(1 - 0.7 ** 3, 12);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  // Two-sided 5 % critical values from the standard t table: P(T ≤ t) = 0.975.
  it.each([
    [1, 12.706205],
    [2, 4.302653],
    [5, 2.570582],
    [10, 2.228139],
    [30, 2.042272],
    [1000, 1.962339],
  ])('df = %d: CDF at the 97.5 %% table value is 0.975, and the quantile inverts it', (df, t975) => {
    expect(tCdf(t975, df)).toBeCloseTo(0.975, 6);
    expect(tCdf(-t975, df)).toBeCloseTo(0.025, 6);
    expect(tQuantile(0.975, df)).toBeCloseTo(t975, 5);
  });

  it('handles fractional df (Welch), symmetry and the centre', () => {
    expect(tCdf(0, 7.3)).toBeCloseTo(0.5, 12);
    expect(tCdf(1.7, 4.5) + tCdf(-1.7, 4.5)).toBeCloseTo(1, 12);
    expect(tCdf(2, 4.5)).toBeCloseTo(0.9458710464094375, 8); // scipy.stats.t.cdf(2, 4.5)
    expect(tCdf(2, 4.5)).toBeGreaterThan(tCdf(2, 4));
    expect(tCdf(2, 4.5)).toBeLessThan(tCdf(2, 5));
    expect(tCdf(1, 1)).toBeCloseTo(0.75, 12); // Cauchy: 1/2 + atan(1)/π
  });

  it('returns NaN for impossible arguments rather than a number that looks real', () => {
    expect(tCdf(1, 0)).toBeNaN();
    expect(tQuantile(1.5, 3)).toBeNaN();
    expect(tQuantile(0.5, Number.NaN)).toBeNaN();
  });
});
